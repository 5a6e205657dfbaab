import Testing
@testable import Redact

/// The input/output pairs of the README (issue 2), exactly.
@Suite struct ExamplesTests {
    static let examples: [(String, String)] = [
        (#"{"type":"contact","id":"6385d8310a2aa51146d237e8","email":"jane.doe+vip@mail.example.co.uk","name":"Jane Doe","unsubscribed_from_emails":false,"location":{"type":"location","country":"Ireland","city":"Dublin"},"custom_attributes":{"plan":"pro","ssn":"123-45-6789"}}"#,
         #"{"type":"contact","id":"6385d8310a2aa51146d237e8","email":"[REDACTED:email]","name":"[REDACTED:name]","unsubscribed_from_emails":false,"location":"[REDACTED:location]","custom_attributes":{"plan":"pro","ssn":"[REDACTED:ssn]"}}"#),
        (#"2026-11-23T10:00:00.123Z INFO [intercom] reply from sam@example.org: "call me on +44 20 7946 0958" conversation_id=409390445340074"#,
         #"2026-11-23T10:00:00.123Z INFO [intercom] reply from [REDACTED:email]: "call me on [REDACTED:phone]" conversation_id=409390445340074"#),
        (#"{"type":"conversation_part","body":"<p>Text me on +1 (415) 555-0123 or write to <a href=\"mailto:ops@example.com\">ops@example.com</a></p>","author":{"type":"user","id":"66f4456fd216008f6e70fd44","name":"Valentina Duarte Ortuño","email":"asenjo@example.com"},"created_at":1638931400}"#,
         #"{"type":"conversation_part","body":"<p>Text me on [REDACTED:phone] or write to <a href=\"mailto:[REDACTED:email]\">[REDACTED:email]</a></p>","author":{"type":"user","id":"66f4456fd216008f6e70fd44","name":"[REDACTED:name]","email":"[REDACTED:email]"},"created_at":1638931400}"#),
        (#"2024-03-22T23:35:11.624Z INFO billing: "GET /conversations/274898372222 HTTP/1.1" 200 85342 trace_id=77b71b8323e89c833853941855a88b87 release=v3.0.25"#,
         #"2024-03-22T23:35:11.624Z INFO billing: "GET /conversations/274898372222 HTTP/1.1" 200 85342 trace_id=77b71b8323e89c833853941855a88b87 release=v3.0.25"#),
        (#"I, [2026-11-23T10:00:02.041 #4821]  INFO -- : Parameters: {"contact"=>{"name"=>"Jane Doe", "email"=>"jane@example.com", "phone"=>"+1 415 555 0123"}, "plan"=>"pro", "utf8"=>"✓"}"#,
         #"I, [2026-11-23T10:00:02.041 #4821]  INFO -- : Parameters: {"contact"=>{"name"=>"[REDACTED:name]", "email"=>"[REDACTED:email]", "phone"=>"[REDACTED:phone]"}, "plan"=>"pro", "utf8"=>"✓"}"#),
        (#"2026-11-23 10:00:03,512 INFO intercom.webhooks: contact created {'type': 'contact', 'id': '6385d8310a2aa51146d237e8', 'name': 'Jane Doe', 'email': 'jane@example.com', 'location': {'type': 'location', 'city': 'Dublin'}, 'custom_attributes': {'plan': 'pro', 'ssn': '123-45-6789'}}"#,
         #"2026-11-23 10:00:03,512 INFO intercom.webhooks: contact created {'type': 'contact', 'id': '6385d8310a2aa51146d237e8', 'name': '[REDACTED:name]', 'email': '[REDACTED:email]', 'location': '[REDACTED:location]', 'custom_attributes': {'plan': 'pro', 'ssn': '[REDACTED:ssn]'}}"#),
        (#"2026-11-23T10:00:04.118Z info: contact created { type: 'contact', id: '6385d8310a2aa51146d237e8', name: 'Jane Doe', email: 'jane@example.com', phone: '+1 415 555 0123', location: { type: 'location', city: 'Dublin' }, custom_attributes: { plan: 'pro', ssn: '123-45-6789' } }"#,
         #"2026-11-23T10:00:04.118Z info: contact created { type: 'contact', id: '6385d8310a2aa51146d237e8', name: '[REDACTED:name]', email: '[REDACTED:email]', phone: '[REDACTED:phone]', location: '[REDACTED:location]', custom_attributes: { plan: 'pro', ssn: '[REDACTED:ssn]' } }"#),
        (#"2026/11/23 10:00:05 contact created: &{Type:contact ID:6385d8310a2aa51146d237e8 Name:Jane Doe Email:jane@example.com Phone:+1 415 555 0123 Location:{Type:location City:Dublin} CustomAttributes:map[plan:pro ssn:123-45-6789]}"#,
         #"2026/11/23 10:00:05 contact created: &{Type:contact ID:6385d8310a2aa51146d237e8 Name:[REDACTED:name] Email:[REDACTED:email] Phone:[REDACTED:phone] Location:[REDACTED:location] CustomAttributes:map[plan:pro ssn:[REDACTED:ssn]]}"#),
        (#"{"timestamp":"2026-11-23T10:00:06.201Z","severity":"INFO","body":"contact synced","service.name":"intercom-sync","host.name":"ip-10-0-3-17","user.name":"Jane Doe","user.email":"jane@example.com","contact.custom_attributes.ssn":"123-45-6789","contact.location.city":"Dublin"}"#,
         #"{"timestamp":"2026-11-23T10:00:06.201Z","severity":"INFO","body":"contact synced","service.name":"intercom-sync","host.name":"ip-10-0-3-17","user.name":"[REDACTED:name]","user.email":"[REDACTED:email]","contact.custom_attributes.ssn":"[REDACTED:ssn]","contact.location.city":"[REDACTED:location]"}"#),
        (#"2026-11-23 10:00:07 WARN soap: CreateContact failed: <soap:Envelope><soap:Body><ns1:Contact><ns1:id>77</ns1:id><ns1:name>Jane Doe</ns1:name><ns1:ip_address>81.2.69.160</ns1:ip_address><ns1:location><ns1:city>Dublin</ns1:city></ns1:location></ns1:Contact></soap:Body></soap:Envelope>"#,
         #"2026-11-23 10:00:07 WARN soap: CreateContact failed: <soap:Envelope><soap:Body><ns1:Contact><ns1:id>77</ns1:id><ns1:name>[REDACTED:name]</ns1:name><ns1:ip_address>[REDACTED:ip_address]</ns1:ip_address><ns1:location>[REDACTED:location]</ns1:location></ns1:Contact></soap:Body></soap:Envelope>"#),
        (#"{"level":"error","ts":"2026-11-23T10:00:08.334Z","msg":"crm sync failed","payload":"\u003cContact\u003e\u003cName\u003eJane Doe\u003c/Name\u003e\u003cEmail\u003ejane@example.com\u003c/Email\u003e\u003cMobile\u003e+1 415 555 0123\u003c/Mobile\u003e\u003cPlan\u003epro\u003c/Plan\u003e\u003c/Contact\u003e"}"#,
         #"{"level":"error","ts":"2026-11-23T10:00:08.334Z","msg":"crm sync failed","payload":"\u003cContact\u003e\u003cName\u003e[REDACTED:name]\u003c/Name\u003e\u003cEmail\u003e[REDACTED:email]\u003c/Email\u003e\u003cMobile\u003e[REDACTED:phone]\u003c/Mobile\u003e\u003cPlan\u003epro\u003c/Plan\u003e\u003c/Contact\u003e"}"#),
    ]

    @Test(arguments: 0..<examples.count)
    func example(_ i: Int) {
        let (input, expected) = Self.examples[i]
        #expect(RedactionPlan.intercom.redact(input) == expected)
        #expect(RedactionPlan.intercom.redact(input + "\n") == expected + "\n")
        #expect(RedactionPlan.intercom.redact(input + "\r\n") == expected + "\r\n")
    }
}
