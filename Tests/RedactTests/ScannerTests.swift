import Testing
@testable import Redact

/// JSON and text scanning: one input line, one exact expected output line.
@Suite struct ScannerTests {
    static let cases: [(name: String, input: String, expected: String)] = [
        ("value types",
         #"{"email":null,"phone":12345678901,"name":["a","b"],"location":{"city":"x","geo":[1,2]},"ip_address":"10.1.2.3","ok":true}"#,
         #"{"email":null,"phone":"[REDACTED:phone]","name":"[REDACTED:name]","location":"[REDACTED:location]","ip_address":"[REDACTED:ip_address]","ok":true}"#),
        ("exact key names only",
         #"{"unsubscribed_from_emails":false,"phone_verified":true,"has_hard_bounced":false,"emails":3,"username":"sam"}"#,
         #"{"unsubscribed_from_emails":false,"phone_verified":true,"has_hard_bounced":false,"emails":3,"username":"sam"}"#),
        ("ip key too",
         #"{"ip":"192.168.0.7","port":8080}"#,
         #"{"ip":"[REDACTED:ip_address]","port":8080}"#),
        ("custom_attributes paths, not bare address/ssn",
         #"{"address":"kept","ssn":"kept","custom_attributes":{"address":"1 Main St","ssn":"123-45-6789","plan":"pro"}}"#,
         #"{"address":"kept","ssn":"kept","custom_attributes":{"address":"[REDACTED:address]","ssn":"[REDACTED:ssn]","plan":"pro"}}"#),
        ("at any depth and inside arrays",
         #"{"data":{"item":{"contacts":[{"type":"contact","email":"a@b.io"},{"type":"contact","email":"c@d.io"}]}}}"#,
         #"{"data":{"item":{"contacts":[{"type":"contact","email":"[REDACTED:email]"},{"type":"contact","email":"[REDACTED:email]"}]}}}"#),
        ("whitespace around colons",
         #"{ "email" : "a@b.io" , "name" :"Jo Bloggs" }"#,
         #"{ "email" : "[REDACTED:email]" , "name" :"[REDACTED:name]" }"#),
        ("non-person types keep their name",
         #"{"type":"company","name":"Acme Ltd","contacts":[{"type":"contact","name":"Jane Roe"}],"tags":[{"type":"tag","name":"VIP"}]}"#,
         #"{"type":"company","name":"Acme Ltd","contacts":[{"type":"contact","name":"[REDACTED:name]"}],"tags":[{"type":"tag","name":"VIP"}]}"#),
        ("type after the name on the line: looked ahead for",
         #"{"name":"Jo Bloggs","type":"tag"}"#,
         #"{"name":"Jo Bloggs","type":"tag"}"#),
        ("no type in the object: redact",
         #"{"name":"Jo Bloggs","x":{"type":"tag"}}"#,
         #"{"name":"[REDACTED:name]","x":{"type":"tag"}}"#),
        ("escaped quotes inside strings",
         #"{"note":"she said \"hi\" to bob@example.com","k":"\\"}"#,
         #"{"note":"she said \"hi\" to [REDACTED:email]","k":"\\"}"#),
        ("JSON inside a JSON string",
         #"{"msg":"sqs message","Body":"{\"type\":\"contact\",\"email\":\"a@b.com\",\"name\":\"Jo\"}"}"#,
         #"{"msg":"sqs message","Body":"{\"type\":\"contact\",\"email\":\"[REDACTED:email]\",\"name\":\"[REDACTED:name]\"}"}"#),
        ("JSON inside JSON inside a JSON string",
         #"{"Body":"{\"Message\":\"{\\\"email\\\":\\\"a@b.com\\\",\\\"location\\\":{\\\"city\\\":\\\"Cork\\\"}}\"}"}"#,
         #"{"Body":"{\"Message\":\"{\\\"email\\\":\\\"[REDACTED:email]\\\",\\\"location\\\":\\\"[REDACTED:location]\\\"}\"}"}"#),
        ("object value inside escaped JSON becomes an escaped string",
         #"{"Body":"{\"location\":{\"city\":\"Dublin\"},\"phone\":4155550123}"}"#,
         #"{"Body":"{\"location\":\"[REDACTED:location]\",\"phone\":\"[REDACTED:phone]\"}"}"#),
        ("pretty-printed escaped JSON in a string",
         #"{"Body":"{\n  \"email\": \"a@b.com\"\n}"}"#,
         #"{"Body":"{\n  \"email\": \"[REDACTED:email]\"\n}"}"#),
        ("JSON after a log prefix, several documents",
         #"2026-11-23T10:00:00.123Z INFO [intercom] got {"email":"a@b.co"} and {"name":"Al Smith"} done"#,
         #"2026-11-23T10:00:00.123Z INFO [intercom] got {"email":"[REDACTED:email]"} and {"name":"[REDACTED:name]"} done"#),
        ("truncated payload: unterminated string",
         #"{"id":1,"email":"jane@exam"#,
         #"{"id":1,"email":"[REDACTED:email]"#),
        ("truncated payload: unclosed object",
         #"{"location":{"type":"location","city":"Dub"#,
         #"{"location":{"type":"[REDACTED:location]","city":"[REDACTED:location]"#),
        ("fragment on its own",
         #"  "email": "jane@x.io","#,
         #"  "email": "[REDACTED:email]","#),
        ("logfmt keys",
         #"level=info email=jane@x.io phone="+1 415 555 0123" name="Jane Doe" user_id=42"#,
         #"level=info email=[REDACTED:email] phone="[REDACTED:phone]" name="[REDACTED:name]" user_id=42"#),
        ("phone-ish keys with bare digits",
         #"{"mobile_number":"4155550123","work_phone":4155550123,"phone_count":3}"#,
         #"{"mobile_number":"[REDACTED:phone]","work_phone":"[REDACTED:phone]","phone_count":3}"#),
        ("unchanged line with ids and timestamps",
         #"{"type":"conversation","id":"409390445340074","created_at":1638931400,"updated_at":"2026-11-23T10:00:00Z","admin_assignee_id":5017690}"#,
         #"{"type":"conversation","id":"409390445340074","created_at":1638931400,"updated_at":"2026-11-23T10:00:00Z","admin_assignee_id":5017690}"#),
        ("broken JSON falls back to text",
         #"{"a": [1, 2, {"b": } bob@example.com ]] }} "email" "#,
         #"{"a": [1, 2, {"b": } [REDACTED:email] ]] }} "email" "#),
        ("an order number after a number-like run is not a phone (window ends do not blind lookaheads)",
         "I, [2026-11-23T00:43:50.012084 #51969]  INFO -- : invoice 338-4684470-9962249 paid $5,414.22",
         "I, [2026-11-23T00:43:50.012084 #51969]  INFO -- : invoice 338-4684470-9962249 paid $5,414.22"),
        ("a spaced dash joins phone groups (three separator bytes in a row)",
         "x 020 - 12345678 y",
         "x [REDACTED:phone] y"),
        ("NUL and invalid UTF-8 bytes are scanned, not passed",
         "x\u{0}jane@x.io\u{0} y",
         "x\u{0}[REDACTED:email]\u{0} y"),
    ]

    @Test(arguments: 0..<cases.count)
    func scan(_ i: Int) {
        let c = Self.cases[i]
        let out = RedactionPlan.intercom.redact(c.input)
        #expect(out == c.expected, "case: \(c.name)")
    }

    /// Ruby's hash rocket (Rails logs `Parameters: {"name"=>"Jane Doe"}`, `{:email=>"..."}`): with
    /// logfmt keys (the default), the key before `=>` is a key like one before `:`, raw, inside a
    /// JSON string, and as a bare or symbol key; a container value goes whole (to its matching bracket,
    /// or without one to the end of the line or of the string that holds it), also after `=`; in
    /// every chunk size. Without logfmt keys, a rocket is
    /// text (detectors still run), and the cheap pass agrees (the output is the same either way).
    @Test func rubyHashRocketsAreKeysWithLogfmtKeys() throws {
        let input = bytes(#"""
            Parameters: {"name"=>"Jane Doe", "email"=>"jane@x.io", "location"=>{"city"=>"Dublin"}, "team"=>{"name"=>"Support"}, "id"=>"42"}
            {:name=>"Jane Doe", :plan=>"pro"}
            user name=>Jane age=>3 name=> "Jo" x=>y
            {"msg":"Parameters: {\"name\"=>\"Jane Doe\", \"id\"=>1}"}
            "name"=>"Jane"
            a=>b "x"=>"y" => "name" =>
            {:location=>{:city=>"Dublin", :country=>"IE"}, :id=>1}
            location={"city":"Dublin","geo":[1,2]} id=1
            x location={"city":"Dub
            {"msg":"p location={\"city\":\"Dublin\"} x"}
            {"msg":"p location={\"city\":\"Dub","n":1}

            """#)
        let expected = bytes(#"""
            Parameters: {"name"=>"[REDACTED:name]", "email"=>"[REDACTED:email]", "location"=>"[REDACTED:location]", "team"=>{"name"=>"[REDACTED:name]"}, "id"=>"42"}
            {:name=>"[REDACTED:name]", :plan=>"pro"}
            user name=>[REDACTED:name] age=>3 name=> "[REDACTED:name]" x=>y
            {"msg":"Parameters: {\"name\"=>\"[REDACTED:name]\", \"id\"=>1}"}
            "name"=>"[REDACTED:name]"
            a=>b "x"=>"y" => "name" =>
            {:location=>[REDACTED:location], :id=>1}
            location=[REDACTED:location] id=1
            x location=[REDACTED:location]
            {"msg":"p location=[REDACTED:location] x"}
            {"msg":"p location=[REDACTED:location]","n":1}

            """#)
        expectInEveryChunkSize(input, expected)
        let plain = try planWithoutLogfmtKeys()
        // The same lines, only the e-mail (a detector) redacted.
        let withoutKeys = bytes(text(input).replacing(#""jane@x.io""#, with: #""[REDACTED:email]""#))
        #expect(withoutKeys != input)
        for size in [0, 1, 7, 64] {
            #expect(redactChunked(input, size: size, plan: plain).out == withoutKeys, "chunk size \(size)")
        }
    }

    /// Python dict reprs (`logger.info("payload %s", contact)` in a Python service): with logfmt
    /// keys (the default), a short `'key'` right before `:` is a key like a JSON one: its rule (also
    /// by path, `custom_attributes.ssn`), phone keys, a `type` that is no person; the value is a
    /// Python string (escaped `\'` inside), a JSON string, a container (to its matching bracket,
    /// skipping brackets inside strings; unclosed, to the end) or a scalar (which becomes a `'`
    /// string). A repr inside a JSON string, JSON inside a Python string. Not keys: a space before
    /// the colon, a key of over 64 bytes or with a quote in it, an apostrophe in text. In every chunk
    /// size; without logfmt keys only the detectors and the JSON inside apply.
    @Test func pythonDictReprsWithLogfmtKeys() throws {
        let input = bytes(#"""
            payload={'type': 'contact', 'email': 'jane@example.com', 'name': 'Jane Doe', 'phone': '+1 555 123 4567', 'location': {'city': 'Dublin', 'country': 'Ireland'}, 'custom_attributes': {'plan': 'pro', 'ssn': '123-45-6789'}}
            {'name': "O'Brien", 'id': 42, 'team': {'type': 'team', 'name': 'Support'}, 'msg': 'it\'s {"name": "Jane"}'}
            {"msg":"payload {'name': 'Jane Doe', 'id': 1}"}
            {"msg":"'name': 'Jane Doe'"}
            it's a 'test': ok, 'name': None, 'name': 12345, 'location': [1, 2]
            {'author': {'type': 'admin', 'name': 'Sam'}, 'data': '{"email": "a@b.co", "name": "Jo"}'}
            don't 'name' : x, "it's" 'name'x: y
            {'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa': 'x', 'na"me': 'y'}
            {'name': 'a \'quoted\' name', 'id': 1, 'phone_number': '+44 20 7946 0958', 'mobile': 4155550123}
            {'location': {'city': 'Dub}lin', 'x': 1}, 'id': 2}
            {'contact': {'name': 'Un}closed

            """#)
        let expected = bytes(#"""
            payload={'type': 'contact', 'email': '[REDACTED:email]', 'name': '[REDACTED:name]', 'phone': '[REDACTED:phone]', 'location': '[REDACTED:location]', 'custom_attributes': {'plan': 'pro', 'ssn': '[REDACTED:ssn]'}}
            {'name': "[REDACTED:name]", 'id': 42, 'team': {'type': 'team', 'name': 'Support'}, 'msg': 'it\'s {"name": "[REDACTED:name]"}'}
            {"msg":"payload {'name': '[REDACTED:name]', 'id': 1}"}
            {"msg":"'name': '[REDACTED:name]'"}
            it's a 'test': ok, 'name': None, 'name': '[REDACTED:name]', 'location': '[REDACTED:location]'
            {'author': {'type': 'admin', 'name': '[REDACTED:name]'}, 'data': '{"email": "[REDACTED:email]", "name": "[REDACTED:name]"}'}
            don't 'name' : x, "it's" 'name'x: y
            {'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa': 'x', 'na"me': 'y'}
            {'name': '[REDACTED:name]', 'id': 1, 'phone_number': '[REDACTED:phone]', 'mobile': '[REDACTED:phone]'}
            {'location': '[REDACTED:location]', 'id': 2}
            {'contact': {'name': '[REDACTED:name]

            """#)
        expectInEveryChunkSize(input, expected)
        let plain = try planWithoutLogfmtKeys()
        let line = bytes(#"{'email': 'jane@example.com', 'name': 'Jane Doe', 'phone': '+1 555 123 4567', 'data': '{"name": "Jo"}'}"# + "\n")
        let detectorsOnly = bytes(#"{'email': '[REDACTED:email]', 'name': 'Jane Doe', 'phone': '[REDACTED:phone]', 'data': '{"name": "[REDACTED:name]"}'}"# + "\n")
        for size in [0, 1, 7, 64] {
            #expect(redactChunked(line, size: size, plan: plain).out == detectorsOnly, "chunk size \(size)")
        }
    }

    /// A dict repr spread over lines by `pprint`: the containers carry over like a pretty-printed
    /// JSON document's (`location` inherited by its members on the next lines), in every chunk size.
    @Test func pythonPrettyPrintedReprAcrossLines() {
        let input = bytes(#"""
            {'custom_attributes': {'address': '1 Main Street, Dublin',
                                   'plan': 'pro',
                                   'ssn': '123-45-6789'},
             'email': 'jane@example.com',
             'location': {'city': 'Dublin',
                          'country': 'Ireland',
                          'region': 'Leinster',
                          'type': 'location'},
             'name': 'Jane Doe',
             'phone': '+353 1 555 0123',
             'tags': {'tags': [{'name': 'VIP customer', 'type': 'tag'}],
                      'type': 'tag.list'},
             'type': 'contact'}

            """#)
        let expected = bytes(#"""
            {'custom_attributes': {'address': '[REDACTED:address]',
                                   'plan': 'pro',
                                   'ssn': '[REDACTED:ssn]'},
             'email': '[REDACTED:email]',
             'location': {'city': '[REDACTED:location]',
                          'country': '[REDACTED:location]',
                          'region': '[REDACTED:location]',
                          'type': '[REDACTED:location]'},
             'name': '[REDACTED:name]',
             'phone': '[REDACTED:phone]',
             'tags': {'tags': [{'name': '[REDACTED:name]', 'type': 'tag'}],
                      'type': 'tag.list'},
             'type': 'contact'}

            """#)
        expectInEveryChunkSize(input, expected)
    }

    /// A single-quoted logfmt value (`name='Jane Doe'`, a Python dataclass repr
    /// `Contact(name='Jane Doe')`) goes whole, to its closing quote (`\'` escaped, a `"` inside it
    /// kept inside) or without one to the end of its region; inside a JSON string too; in every chunk
    /// size. Without logfmt keys only the detectors apply.
    @Test func singleQuotedLogfmtValues() throws {
        let input = bytes(#"""
            user name='Jane Doe' id=1
            Contact(id=1, name='Jane Doe', email='jane@x.io', phone='+1 415 555 0123', plan='pro')
            name='O\'Brien' x=1
            name='' x=2
            {"msg":"created name='Jane Doe' ok"}
            x name='un closed
            name='say "hi" now' id=3
            {'name': 'x'} name='Jane Doe'

            """#)
        let expected = bytes(#"""
            user name='[REDACTED:name]' id=1
            Contact(id=1, name='[REDACTED:name]', email='[REDACTED:email]', phone='[REDACTED:phone]', plan='pro')
            name='[REDACTED:name]' x=1
            name='[REDACTED:name]' x=2
            {"msg":"created name='[REDACTED:name]' ok"}
            x name='[REDACTED:name]
            name='[REDACTED:name]' id=3
            {'name': '[REDACTED:name]'} name='[REDACTED:name]'

            """#)
        expectInEveryChunkSize(input, expected)
        try expectWithoutLogfmtKeys("user name='Jane Doe' mail='jane@x.io'", "user name='Jane Doe' mail='[REDACTED:email]'")
    }

    /// Keys without quotes before `: `: Node's `console.log` of an object (over many lines, too),
    /// Rust's `{:?}`, YAML-like text; paths, `type`, literals, JSON inside strings; and a logfmt key
    /// that names the container after it (`custom_attributes={"ssn":...}` leaked until then).
    @Test func keysWithoutQuotes() throws {
        let input = bytes(#"""
            { type: 'contact', name: 'Jane Doe', email: 'jane@x.io', location: { city: 'Paris' }, age: 42 }
            { custom_attributes: { ssn: '123-45-6789', plan: 'pro' }, ssn: 'kept', tags: [ { type: 'tag', name: 'VIP' } ] }
            { phone: 4155550123, name: null, ip_address: '10.0.0.1', data: '{"name":"Jane Doe","id":1}' }
            Contact { name: "Jane Doe", email: "jane@x.io", id: 7 }
            name: Jane Doe
            user created, name: Jane Doe, plan: pro
            {"msg":"contact { name: 'Jane Doe', id: 3 }"}
            attrs custom_attributes={"ssn":"123-45-6789","plan":"pro"} x=1
            error: name must not be empty
            https://example.com:8080/name: 10:30:00
            Contact { name: "Jane", location: Location { city: "Dublin" }, email: "j@x.io" }
            contact:
              location: Dublin, Ireland
              name: Doe, Jane, plan: pro
            contact {
              name: 'Jane Doe',
              location: {
                type: 'location',
                city: 'Paris',
                zip: 75001
              },
              id: '1'
            }

            """#)
        let expected = bytes(#"""
            { type: 'contact', name: '[REDACTED:name]', email: '[REDACTED:email]', location: '[REDACTED:location]', age: 42 }
            { custom_attributes: { ssn: '[REDACTED:ssn]', plan: 'pro' }, ssn: 'kept', tags: [ { type: 'tag', name: 'VIP' } ] }
            { phone: '[REDACTED:phone]', name: null, ip_address: '[REDACTED:ip_address]', data: '{"name":"[REDACTED:name]","id":1}' }
            Contact { name: "[REDACTED:name]", email: "[REDACTED:email]", id: 7 }
            name: '[REDACTED:name]'
            user created, name: '[REDACTED:name]', plan: pro
            {"msg":"contact { name: '[REDACTED:name]', id: 3 }"}
            attrs custom_attributes={"ssn":"[REDACTED:ssn]","plan":"pro"} x=1
            error: name must not be empty
            https://example.com:8080/name: '[REDACTED:name]'
            Contact { name: "[REDACTED:name]", location: '[REDACTED:location]', email: "[REDACTED:email]" }
            contact:
              location: '[REDACTED:location]'
              name: '[REDACTED:name]', plan: pro
            contact {
              name: '[REDACTED:name]',
              location: {
                type: '[REDACTED:location]',
                city: '[REDACTED:location]',
                zip: '[REDACTED:location]'
              },
              id: '1'
            }

            """#)
        expectInEveryChunkSize(input, expected)
        try expectWithoutLogfmtKeys("{ name: 'Jane Doe', mail: 'jane@x.io' }", "{ name: 'Jane Doe', mail: '[REDACTED:email]' }")
    }

    /// Keys match whatever their case and their `_` and `-`: services log the same fields under
    /// their own languages' names.
    @Test func keysInAnyCaseAndSeparators() throws {
        let input = bytes(#"""
            {"Email":"jane@x.io","Name":"Jane Doe","IPAddress":"10.0.0.1","Id":7}
            {"ipAddress":"10.0.0.1","CustomAttributes":{"SSN":"123-45-6789","Plan":"pro"},"LOCATION":{"City":"Paris"}}
            {"ip-address":"10.0.0.1","custom-attributes":{"address":"1 Main St"},"named":"kept","Names":"kept"}
            Name=Jane email_=x IP_ADDRESS=10.0.0.1 name_id=7
            { Name: 'Jane Doe', customAttributes: { Ssn: '123-45-6789' } }

            """#)
        let expected = bytes(#"""
            {"Email":"[REDACTED:email]","Name":"[REDACTED:name]","IPAddress":"[REDACTED:ip_address]","Id":7}
            {"ipAddress":"[REDACTED:ip_address]","CustomAttributes":{"SSN":"[REDACTED:ssn]","Plan":"pro"},"LOCATION":"[REDACTED:location]"}
            {"ip-address":"[REDACTED:ip_address]","custom-attributes":{"address":"[REDACTED:address]"},"named":"kept","Names":"kept"}
            Name=[REDACTED:name] email_=[REDACTED:email] IP_ADDRESS=[REDACTED:ip_address] name_id=7
            { Name: '[REDACTED:name]', customAttributes: { Ssn: '[REDACTED:ssn]' } }

            """#)
        expectInEveryChunkSize(input, expected)
    }

    /// Go's `%+v` of a struct, `%v` of a map and `%#v` (maps' entries in braces after their types,
    /// slices' after theirs): keys before a colon with no space after it.
    @Test func goStructsAndMaps() throws {
        let input = bytes(#"""
            contact: &{Name:Jane Doe Email:jane@x.io Location:{City:Dublin Country:Ireland} CustomAttributes:map[address:1 Main St plan:pro ssn:123-45-6789] IPAddress:10.0.0.1 ID:7 Tags:[a b]}
            map[email:jane@x.io name:Jane Doe plan:pro]
            &main.Contact{Name:"Jane Doe", Email:"jane@x.io", Location:main.Location{City:"Dublin"}, ID:7}
            {Type:contact Name:<nil> Id:42 Ssn:kept}
            2026-11-23T10:00:00Z INFO user Name:Jane Doe signed in at 10:00:01 via https://example.com:8080/x
            {"msg":"saved {Name:Jane Doe ID:3}","level":"info"}
            {"email":"a@b.io"} and {Name:Jane}
            git@github.com:acme/x.git at 10:00:01 name:x:y
            &main.C{CustomAttributes:map[string]interface {}{"plan":"pro", "ssn":"1"}, Attrs:map[string]string{"ssn":"kept"}}
            &main.C{Location:map[string]string{"city":"Dublin"}, CustomAttributes:map[string][]string{"ssn":[]string{"1", "2"}}, N:3}
            &main.C{CustomAttributes:map[string]string{"ssn":"1"
            {"email":[]string{"a@b.io"}, "phone":{]x{"a":1}

            """#)
        let expected = bytes(#"""
            contact: &{Name:[REDACTED:name] Email:[REDACTED:email] Location:[REDACTED:location] CustomAttributes:map[address:[REDACTED:address] plan:pro ssn:[REDACTED:ssn]] IPAddress:[REDACTED:ip_address] ID:7 Tags:[a b]}
            map[email:[REDACTED:email] name:[REDACTED:name] plan:pro]
            &main.Contact{Name:"[REDACTED:name]", Email:"[REDACTED:email]", Location:main.Location[REDACTED:location], ID:7}
            {Type:contact Name:<nil> Id:42 Ssn:kept}
            2026-11-23T10:00:00Z INFO user Name:[REDACTED:name] signed in at 10:00:01 via https://example.com:8080/x
            {"msg":"saved {Name:[REDACTED:name] ID:3}","level":"info"}
            {"email":"[REDACTED:email]"} and {Name:[REDACTED:name]}
            git@github.com:acme/x.git at 10:00:01 name:[REDACTED:name]
            &main.C{CustomAttributes:map[string]interface {}{"plan":"pro", "ssn":"[REDACTED:ssn]"}, Attrs:map[string]string{"ssn":"kept"}}
            &main.C{Location:map[string]string[REDACTED:location], CustomAttributes:map[string][]string{"ssn":"[REDACTED:ssn]"}, N:3}
            &main.C{CustomAttributes:map[string]string{"ssn":"[REDACTED:ssn]"
            {"email":"[REDACTED:email]", "phone":"[REDACTED:phone]"x{"a":1}

            """#)
        expectInEveryChunkSize(input, expected)
        // Without logfmt keys, Go's keys are text (the e-mail detector still finds addresses).
        try expectWithoutLogfmtKeys("{Name:Jane Doe Email:jane@x.io}", "{Name:Jane Doe Email:[REDACTED:email]}")
    }

    /// Java's and Kotlin's `toString` (`Contact(name=Jane Doe, ...)`: values with spaces and nested
    /// objects) and PHP's arrays (`'name' => 'Jane Doe'` from `var_export`, `[name] => Jane Doe`
    /// from `print_r`) leaked names; plain logfmt keeps its rule (a value ends at a space). A map
    /// after a key (`custom_attributes={ssn=...}`) gives its keys their paths.
    @Test func javaToStringAndPHPArrays() {
        let input = bytes(#"""
            Contact(id=5, name=Jane Doe, email=jane@x.io, location=Location(city=Dublin, country=Ireland), plan=pro)
            Contact(name=O'Brien Jr, tags=[Tag(name=VIP)], phone=+1 415 555 0123)
            {"msg":"saved Contact(name=Jane Doe, id=1)"}
            a=1 name=Jane x=2
                [name] => Jane Doe
                [plan] => pro
                'name' => 'Jane Doe',
                'email' => 'jane@x.io', 'plan' => 'pro',
            array ( 'name' => 'O\'Brien', 'id' => 5 )
            [0] => 1
            attrs custom_attributes={plan=pro, ssn=123-45-6789} ssn=kept
            Contact(custom_attributes={address=1 Main St}, id=2)

            """#)
        let expected = bytes(#"""
            Contact(id=5, name=[REDACTED:name], email=[REDACTED:email], location=[REDACTED:location], plan=pro)
            Contact(name=[REDACTED:name], tags=[Tag(name=[REDACTED:name])], phone=[REDACTED:phone])
            {"msg":"saved Contact(name=[REDACTED:name], id=1)"}
            a=1 name=[REDACTED:name] x=2
                [name] => [REDACTED:name]
                [plan] => pro
                'name' => '[REDACTED:name]',
                'email' => '[REDACTED:email]', 'plan' => 'pro',
            array ( 'name' => '[REDACTED:name]', 'id' => 5 )
            [0] => 1
            attrs custom_attributes={plan=pro, ssn=[REDACTED:ssn]} ssn=kept
            Contact(custom_attributes={address=[REDACTED:address]}, id=2)

            """#)
        expectInEveryChunkSize(input, expected)
    }

    /// XML elements are keys (their names folded like JSON keys, without a namespace prefix): the
    /// content of one with a rule where it stands goes whole, nested elements included, and the
    /// enclosing elements are its path (`<service><name>` stays). In a JSON string too, PHP's `<\/`
    /// included. An element needs its closing tag on the line (`Hello <name>,` in a template is
    /// text); empty and self-closing ones hold nothing.
    @Test func xmlElementsAreKeys() throws {
        let input = bytes(#"""
            <contact><name>Jane Doe</name><email>jane@x.io</email><phone>+1 415 555 0123</phone><ip_address>10.1.2.3</ip_address></contact>
            <soap:Body><ns1:Contact><ns1:Name>Jane</ns1:Name><ns1:location><ns1:city>Dublin</ns1:city></ns1:location></ns1:Contact></soap:Body>
            {"body":"<name>Jane Doe<\/name> and <p>hi</p>","x":1}
            <service><name>api</name></service><user><name>Jo</name></user>
            <custom_attributes><ssn>123-45-6789</ssn><plan>pro</plan></custom_attributes> <ssn>1</ssn>
            <name>Jane "JJ" Doe</name> <mobile>+1 415 555 0123</mobile><mobile>n/a</mobile>
            Hello <name>, welcome
            <name/> <name></name> if a <name and b > c
            <user id="5" name="Jane"><name lang="en">Jo</name></user>

            """#)
        let expected = bytes(#"""
            <contact><name>[REDACTED:name]</name><email>[REDACTED:email]</email><phone>[REDACTED:phone]</phone><ip_address>[REDACTED:ip_address]</ip_address></contact>
            <soap:Body><ns1:Contact><ns1:Name>[REDACTED:name]</ns1:Name><ns1:location>[REDACTED:location]</ns1:location></ns1:Contact></soap:Body>
            {"body":"<name>[REDACTED:name]<\/name> and <p>hi</p>","x":1}
            <service><name>api</name></service><user><name>[REDACTED:name]</name></user>
            <custom_attributes><ssn>[REDACTED:ssn]</ssn><plan>pro</plan></custom_attributes> <ssn>1</ssn>
            <name>[REDACTED:name]</name> <mobile>[REDACTED:phone]</mobile><mobile>n/a</mobile>
            Hello <name>, welcome
            <name/> <name></name> if a <name and b > c
            <user id="5" name="[REDACTED:name]"><name lang="en">[REDACTED:name]</name></user>

            """#)
        expectInEveryChunkSize(input, expected)
        // Without logfmt keys (the policy's switch for keys outside JSON), elements are text.
        let plain = try planWithoutLogfmtKeys()
        #expect(plain.redact("<name>Jane Doe</name>\n") == "<name>Jane Doe</name>\n")
        #expect(plain.redact("&lt;name&gt;Jane&lt;/name&gt;\n") == "&lt;name&gt;Jane&lt;/name&gt;\n")
    }

    /// A pretty-printed XML document spans lines: the elements open at a line's end are the path
    /// of the next lines' elements while those continue the document (indented, or starting with a
    /// tag), and an element with a rule whose start tag ends its line, or has only tags before it,
    /// redacts its text up to its closing tag on a later line (each run of text; the tags inside
    /// stay). One right after another tag in a line of text is a payload cut short, its tags
    /// escaped or not: the rest of its line goes (up to the quote that ends its JSON string), not
    /// the lines after it. A closing tag closes the innermost element of its name. A line that does not continue
    /// the document ends it (its elements are no longer a path); `Hello <name>,` in text opens nothing.
    @Test func xmlElementsAcrossLines() {
        let input = bytes(#"""
            INFO request body: <contact>
              <name>Jane Doe</name>
              <custom_attributes>
                <ssn>123-45-6789</ssn>
                <address>
                  1 Main St
                  Springfield <b>IL</b>
                </address>
                <plan>pro</plan>
              </custom_attributes>
              <ssn>top-level</ssn>
              <location>
                <city>Dublin</city> <country>IE</country>
              </location>
              <custom_attributes> <!-- a comment -->
                <ssn>111-22-3333</ssn>
              </custom_attributes>
              <custom_attributes><address>2 Side St
                Apt 4</address><plan>free</plan>
              </custom_attributes>
            </contact>
            <custom_attributes>
            2026-11-24 INFO <ssn>kept: not in the document</ssn>
            <p>Hello <name>, your order
              shipped</p>
            <name>
              Jo
            </name> done
            WARN sync failed: payload=<Contact><Plan>pro</Plan><Name>Jane Doe, Spr
            \#tat com.example.Sync.run(Sync.java:42)
            {"xml":"<Contact><Name>Jane Do","cut":true}
            {"xml":"\u003cContact\u003e\u003cName\u003eJane Do","cut":true} body=&lt;Contact&gt;&lt;Name&gt;Jo D

            """#)
        let expected = bytes(#"""
            INFO request body: <contact>
              <name>[REDACTED:name]</name>
              <custom_attributes>
                <ssn>[REDACTED:ssn]</ssn>
                <address>
                  [REDACTED:address]
                  [REDACTED:address] <b>[REDACTED:address]</b>
                </address>
                <plan>pro</plan>
              </custom_attributes>
              <ssn>top-level</ssn>
              <location>
                <city>[REDACTED:location]</city> <country>[REDACTED:location]</country>
              </location>
              <custom_attributes> <!-- a comment -->
                <ssn>[REDACTED:ssn]</ssn>
              </custom_attributes>
              <custom_attributes><address>[REDACTED:address]
                [REDACTED:address]</address><plan>free</plan>
              </custom_attributes>
            </contact>
            <custom_attributes>
            2026-11-24 INFO <ssn>kept: not in the document</ssn>
            <p>Hello <name>, your order
              shipped</p>
            <name>
              [REDACTED:name]
            </name> done
            WARN sync failed: payload=<Contact><Plan>pro</Plan><Name>[REDACTED:name]
            \#tat com.example.Sync.run(Sync.java:42)
            {"xml":"<Contact><Name>[REDACTED:name]","cut":true}
            {"xml":"\u003cContact\u003e\u003cName\u003e[REDACTED:name]","cut":true} body=&lt;Contact&gt;&lt;Name&gt;[REDACTED:name]

            """#)
        expectInEveryChunkSize(input, expected)
    }

    /// YAML nests by indentation (a payload dumped with `to_yaml` or `yaml.dump`): a key that ends
    /// its line opens a block of the lines indented deeper, whose keys take it as their parent
    /// (`custom_attributes:`, then `ssn:`) or its rule (`location:`: every value and item); a block
    /// scalar (`address: |`) of a key with a rule loses its lines' text (a blank line inside it
    /// too), one without keeps it; a line indented no deeper closes the block. An unknown key
    /// inside a block is still a parent (`nested:` breaks the path), `service:` is the parent that
    /// keeps its `name`; text that ends in a colon is no key (`Validation failed:`). A sequence at
    /// its key's own column (`location:`, then `- Cork`, as PyYAML and Ruby write them) is in its
    /// block, and its `- ` is no value.
    @Test func yamlBlocksOverLines() {
        let input = bytes("""
            --- !ruby/object:Contact
            contact:
              name: Jane Doe
              location:
                city: Dublin
                region:
                  code: D02
                tags:
                - Cork
              custom_attributes:
                ssn: 123-45-6789
                plan: pro
                nested:
                  ssn: kept under nested
                address: |-
                  1 Main St

                  Springfield
                - kept: the scalar's text is indented deeper
                bio: >
                  kept: no rule
              roles:
              - location:
                  city: Galway
                id: 7
              - id: 8
            service:
              name: api
            Validation failed:
              region: kept
            location:\r
              country: Ireland\r
            location:
            - Cork
            - city: Galway
              lat: -53.27
            tags:
            - kept
            2026-11-24 INFO done, region: kept

            """)
        let expected = bytes("""
            --- !ruby/object:Contact
            contact:
              name: '[REDACTED:name]'
              location:
                city: '[REDACTED:location]'
                region:
                  code: '[REDACTED:location]'
                tags:
                - [REDACTED:location]
              custom_attributes:
                ssn: '[REDACTED:ssn]'
                plan: pro
                nested:
                  ssn: kept under nested
                address: |-
                  [REDACTED:address]

                  [REDACTED:address]
                - kept: the scalar's text is indented deeper
                bio: >
                  kept: no rule
              roles:
              - location:
                  city: '[REDACTED:location]'
                id: 7
              - id: 8
            service:
              name: api
            Validation failed:
              region: kept
            location:\r
              country: '[REDACTED:location]'\r
            location:
            - [REDACTED:location]
            - city: '[REDACTED:location]'
              lat: '[REDACTED:location]'
            tags:
            - kept
            2026-11-24 INFO done, region: kept

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// HTML's void elements (`<br>`, `<img ...>`) have no content: they are no element's parent,
    /// on one line or over lines. `<brand>` is no `<br>`.
    @Test func voidElementsAreNoParents() {
        let input = bytes("""
            <custom_attributes><br><ssn>123-45-6789</ssn><BR><img src="a.png"><address>1 Main St</address></custom_attributes>
            <custom_attributes><brand><ssn>kept: under brand</ssn></brand></custom_attributes>
            <custom_attributes>
              <hr>
              <ssn>123-45-6789</ssn>
            </custom_attributes>

            """)
        let expected = bytes("""
            <custom_attributes><br><ssn>[REDACTED:ssn]</ssn><BR><img src="a.png"><address>[REDACTED:address]</address></custom_attributes>
            <custom_attributes><brand><ssn>kept: under brand</ssn></brand></custom_attributes>
            <custom_attributes>
              <hr>
              <ssn>[REDACTED:ssn]</ssn>
            </custom_attributes>

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// A line longer than the container runtime's limit (16 KiB) is written as parts, each but the
    /// last tagged `P`: a part's content goes on in the next line's. The containers open at a
    /// part's end stay open in the next (`location` cut inside its object), and a split inside a
    /// string starts the next part with the string's rest: redacted with its first part's token
    /// (`name`, `email`, the city), else scanned as a string; a key that ends a part has its value
    /// at the next part's start (`"name":`, then `"Jane Doe"`; `"location": ` then `{...}`). A
    /// part that ends in plain text leaves nothing open.
    @Test func runtimeSplitLines() {
        let input = bytes(#"""
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"Jane D
            2026-11-25T02:10:55.1Z stdout F oe","email":"jane.doe@example.com","location":{"type":"location","city":"Dublin","country":"Ireland"},"custom_attributes":{"plan":"pro","ssn":"123-45-6789"},"notes":"call me on +44 20 7946 0958 please"}
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"Jane Doe","email":"jane.doe@example.com","location":{"type":"location","city":"Dubl
            2026-11-25T02:10:55.1Z stdout F in","country":"Ireland"},"custom_attributes":{"plan":"pro","ssn":"123-45-6789"},"notes":"call me on +44 20 7946 0958 please"}
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"Jane Doe","email":"jane.doe@exa
            2026-11-25T02:10:55.1Z stdout F mple.com","location":{"type":"location","city":"Dublin","country":"Ireland"},"custom_attributes":{"plan":"pro","ssn":"123-45-6789"},"notes":"call me on +44 20 7946 0958 please"}
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"Jane Doe","email":"jane.doe@example.com","location":{"type":"location","city":"Dublin",
            2026-11-25T02:10:55.1Z stdout F "country":"Ireland"},"custom_attributes":{"plan":"pro","ssn":"123-45-6789"},"notes":"call me on +44 20 7946 0958 please"}
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"Jane Doe","email":"jane.doe@example.com","location":{"type":"location","city":"Dublin","country":"Ireland"},"custom_attributes":{
            2026-11-25T02:10:55.1Z stdout F "plan":"pro","ssn":"123-45-6789"},"notes":"call me on +44 20 7946 0958 please"}
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"Ja
            2026-11-25T02:10:55.1Z stdout P ne Doe","email":"jane.doe@example.com","location":{"type":"location","city":"Dublin","country":"Ir
            2026-11-25T02:10:55.2Z stdout F eland"},"custom_attributes":{"plan":"pro","ssn":"123-45-6789"},"notes":"call me on +44 20 7946 0958 please"}
            2026-11-25T02:10:55.0Z stdout P plain text cut in the midd
            2026-11-25T02:10:55.1Z stdout F le, "quoted and mail me at sam@example.org
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":
            2026-11-25T02:10:55.1Z stdout P "Jane Doe","location": 
            2026-11-25T02:10:55.2Z stdout P {"country":"Ireland"},"plan":
            2026-11-25T02:10:55.3Z stdout F "pro"}
            2026-11-25T02:10:55Z stdout F {"city":"kept: the split line ended"}
            """#)
        let expected = bytes(#"""
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"[REDACTED:name]
            2026-11-25T02:10:55.1Z stdout F [REDACTED:name]","email":"[REDACTED:email]","location":"[REDACTED:location]","custom_attributes":{"plan":"pro","ssn":"[REDACTED:ssn]"},"notes":"call me on [REDACTED:phone] please"}
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"[REDACTED:name]","email":"[REDACTED:email]","location":{"type":"[REDACTED:location]","city":"[REDACTED:location]
            2026-11-25T02:10:55.1Z stdout F [REDACTED:location]","country":"[REDACTED:location]"},"custom_attributes":{"plan":"pro","ssn":"[REDACTED:ssn]"},"notes":"call me on [REDACTED:phone] please"}
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"[REDACTED:name]","email":"[REDACTED:email]
            2026-11-25T02:10:55.1Z stdout F [REDACTED:email]","location":"[REDACTED:location]","custom_attributes":{"plan":"pro","ssn":"[REDACTED:ssn]"},"notes":"call me on [REDACTED:phone] please"}
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"[REDACTED:name]","email":"[REDACTED:email]","location":{"type":"[REDACTED:location]","city":"[REDACTED:location]",
            2026-11-25T02:10:55.1Z stdout F "country":"[REDACTED:location]"},"custom_attributes":{"plan":"pro","ssn":"[REDACTED:ssn]"},"notes":"call me on [REDACTED:phone] please"}
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"[REDACTED:name]","email":"[REDACTED:email]","location":"[REDACTED:location]","custom_attributes":{
            2026-11-25T02:10:55.1Z stdout F "plan":"pro","ssn":"[REDACTED:ssn]"},"notes":"call me on [REDACTED:phone] please"}
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":"[REDACTED:name]
            2026-11-25T02:10:55.1Z stdout P [REDACTED:name]","email":"[REDACTED:email]","location":{"type":"[REDACTED:location]","city":"[REDACTED:location]","country":"[REDACTED:location]
            2026-11-25T02:10:55.2Z stdout F [REDACTED:location]"},"custom_attributes":{"plan":"pro","ssn":"[REDACTED:ssn]"},"notes":"call me on [REDACTED:phone] please"}
            2026-11-25T02:10:55.0Z stdout P plain text cut in the midd
            2026-11-25T02:10:55.1Z stdout F le, "quoted and mail me at [REDACTED:email]
            2026-11-25T02:10:55.0Z stdout P {"type":"contact","name":
            2026-11-25T02:10:55.1Z stdout P "[REDACTED:name]","location": 
            2026-11-25T02:10:55.2Z stdout P {"country":"[REDACTED:location]"},"plan":
            2026-11-25T02:10:55.3Z stdout F "pro"}
            2026-11-25T02:10:55Z stdout F {"city":"kept: the split line ended"}
            """#)
        expectInEveryChunkSize(input, expected)
    }

    /// A YAML key followed by a comment still ends its line (`location:  # where`), and a quoted
    /// key opens a block as a bare one does (`"custom_attributes":`, `'location':`, as YAML
    /// writers quote some keys). A `#` that starts no comment (`a#b`, `"a #1"` before a value)
    /// leaves the line as it is.
    @Test func yamlCommentsAndQuotedKeys() {
        let input = bytes("""
            contact:
              location:   # where they live
                city: Dublin
              custom_attributes:  # attrs
                ssn: 123-45-6789
                # a comment line
                address: 1 Main St
              service:   # the excepted parent
                name: billing
              "custom_attributes":
                ssn: 987-65-4321
              location:	# a tab
                city: Cork
              'location':
                - Cork
              "location": "kept#1 is a value, not a block"
                city: kept
              tag#1:
                city: kept, not a key
            #location:
              city: kept, a comment

            """)
        let expected = bytes("""
            contact:
              location:   '[REDACTED:location]'
                city: '[REDACTED:location]'
              custom_attributes:  # attrs
                ssn: '[REDACTED:ssn]'
                # a comment line
                address: '[REDACTED:address]'
              service:   # the excepted parent
                name: billing
              "custom_attributes":
                ssn: '[REDACTED:ssn]'
              location:	# a tab
                city: '[REDACTED:location]'
              'location':
                - [REDACTED:location]
              "location": "[REDACTED:location]"
                city: kept
              tag#1:
                city: kept, not a key
            #location:
              city: kept, a comment

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// Docker's json-file log (`/var/lib/docker/containers/*/*-json.log`) writes each line of a
    /// container's output as the `log` string of a record: a pretty-printed document's lines are
    /// records, read as the string's content at escape level 1, so the document is followed over
    /// them as over lines (JSON, a key whose value is on the next line, CRLF, YAML, XML with Go's
    /// escaped tags, Rails' parameters and PHP's `print_r` with Go's escaped `=\u003e`, e-mails
    /// with Go's escaped `&`). The rest of the record is kept as it is; a record without a newline
    /// (a part) is content too; a document ends where a record's content starts none. In a redacted
    /// object's text, numbers go but an escape's hex digits do not (`\u00e9`), and an escaped
    /// backslash escapes nothing (`C:\\9123` loses all its digits).
    @Test func dockerJSONFileRecords() {
        let input = bytes(#"""
            {"log":"2026-11-25 10:00:00 INFO contact dump:\n","stream":"stdout","time":"2026-11-25T02:10:55.000000001Z"}
            {"log":"{\n","stream":"stdout","time":"2026-11-25T02:10:55.000000002Z"}
            {"log":"  \"name\": \"Jane Doe\",\n","stream":"stdout","time":"2026-11-25T02:10:55.000000003Z"}
            {"log":"  \"location\": {\n","stream":"stdout","time":"2026-11-25T02:10:55.000000004Z"}
            {"log":"    \"city\": \"Dublin\",\n","stream":"stderr","time":"2026-11-25T02:10:55.000000005Z"}
            {"log":"    \"zip\": 10001\n","stream":"stdout","time":"2026-11-25T02:10:55.000000006Z"}
            {"log":"  },\n","stream":"stdout","time":"2026-11-25T02:10:55.000000007Z"}
            {"log":"  \"custom_attributes\":\r\n","stream":"stdout","time":"2026-11-25T02:10:55.000000008Z"}
            {"log":"  {\r\n","stream":"stdout","time":"2026-11-25T02:10:55.000000009Z"}
            {"log":"    \"ssn\": \"123-45-6789\",\r\n","stream":"stdout","time":"2026-11-25T02:10:55.00000001Z"}
            {"log":"    \"plan\": \"pro\"\r\n","stream":"stdout","time":"2026-11-25T02:10:55.000000011Z"}
            {"log":"  }\n","stream":"stdout","time":"2026-11-25T02:10:55.000000012Z"}
            {"log":"}\n","stream":"stdout","time":"2026-11-25T02:10:55.000000013Z"}
            {"log":"contact:\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
            {"log":"  location:\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
            {"log":"    city: Cork\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
            {"log":"  plan: pro\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
            {"log":"\u003cCustomAttributes\u003e\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"  \u003cSSN\u003e987-65-4321\u003c/SSN\u003e\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"  \u003cAddress\u003e\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"    1 Main St\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"  \u003c/Address\u003e\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"\u003c/CustomAttributes\u003e\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"Parameters: {\"contact\"=\u003e{\"name\"=\u003e\"Jane Doe\", \"phone\"=\u003e\"+1 415 555 0123\"}}\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"Array\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"(\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"    [name] =\u003e Jane Doe\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"    [location] =\u003e Array\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"        (\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"            [city] =\u003e Galway\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"        )\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":")\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"mail jane\u0026#64;example.com or {\"body\":\"\\u003cp\\u003ejane\\u0026#x40;example.org\\u003c/p\\u003e\"}\n","stream":"stdout","time":"2026-11-25T02:10:59Z"}
            {"log":"partial line without its newline","stream":"stdout","time":"2026-11-25T02:10:59Z"}
            {"log":"    \"city\": \"kept: the document ended\"\n","stream":"stdout","time":"2026-11-25T02:10:59Z"}
            {"log":"{\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}
            {"log":"\t\"location\": {\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}
            {"log":"\t\t\"city\": \"Sligo\"\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}
            {"log":"\t\tC:\\9123 \u00e9 \t42\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}
            {"log":"\t}\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}
            {"log":"}\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}

            """#)
        let expected = bytes(#"""
            {"log":"2026-11-25 10:00:00 INFO contact dump:\n","stream":"stdout","time":"2026-11-25T02:10:55.000000001Z"}
            {"log":"{\n","stream":"stdout","time":"2026-11-25T02:10:55.000000002Z"}
            {"log":"  \"name\": \"[REDACTED:name]\",\n","stream":"stdout","time":"2026-11-25T02:10:55.000000003Z"}
            {"log":"  \"location\": {\n","stream":"stdout","time":"2026-11-25T02:10:55.000000004Z"}
            {"log":"    \"city\": \"[REDACTED:location]\",\n","stream":"stderr","time":"2026-11-25T02:10:55.000000005Z"}
            {"log":"    \"zip\": \"[REDACTED:location]\"\n","stream":"stdout","time":"2026-11-25T02:10:55.000000006Z"}
            {"log":"  },\n","stream":"stdout","time":"2026-11-25T02:10:55.000000007Z"}
            {"log":"  \"custom_attributes\":\r\n","stream":"stdout","time":"2026-11-25T02:10:55.000000008Z"}
            {"log":"  {\r\n","stream":"stdout","time":"2026-11-25T02:10:55.000000009Z"}
            {"log":"    \"ssn\": \"[REDACTED:ssn]\",\r\n","stream":"stdout","time":"2026-11-25T02:10:55.00000001Z"}
            {"log":"    \"plan\": \"pro\"\r\n","stream":"stdout","time":"2026-11-25T02:10:55.000000011Z"}
            {"log":"  }\n","stream":"stdout","time":"2026-11-25T02:10:55.000000012Z"}
            {"log":"}\n","stream":"stdout","time":"2026-11-25T02:10:55.000000013Z"}
            {"log":"contact:\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
            {"log":"  location:\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
            {"log":"    city: '[REDACTED:location]'\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
            {"log":"  plan: pro\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
            {"log":"\u003cCustomAttributes\u003e\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"  \u003cSSN\u003e[REDACTED:ssn]\u003c/SSN\u003e\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"  \u003cAddress\u003e\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"    [REDACTED:address]\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"  \u003c/Address\u003e\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"\u003c/CustomAttributes\u003e\n","stream":"stdout","time":"2026-11-25T02:10:57Z"}
            {"log":"Parameters: {\"contact\"=\u003e{\"name\"=\u003e\"[REDACTED:name]\", \"phone\"=\u003e\"[REDACTED:phone]\"}}\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"Array\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"(\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"    [name] =\u003e [REDACTED:name]\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"    [location] =\u003e Array\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"        (\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"            [city] =\u003e [REDACTED:location]\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"        )\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":")\n","stream":"stdout","time":"2026-11-25T02:10:58Z"}
            {"log":"mail [REDACTED:email] or {\"body\":\"\\u003cp\\u003e[REDACTED:email]\\u003c/p\\u003e\"}\n","stream":"stdout","time":"2026-11-25T02:10:59Z"}
            {"log":"partial line without its newline","stream":"stdout","time":"2026-11-25T02:10:59Z"}
            {"log":"    \"city\": \"kept: the document ended\"\n","stream":"stdout","time":"2026-11-25T02:10:59Z"}
            {"log":"{\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}
            {"log":"\t\"location\": {\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}
            {"log":"\t\t\"city\": \"[REDACTED:location]\"\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}
            {"log":"\t\tC:\\\"[REDACTED:location]\" \u00e9 \t\"[REDACTED:location]\"\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}
            {"log":"\t}\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}
            {"log":"}\n","stream":"stdout","time":"2026-11-25T02:11:00Z"}

            """#)
        expectInEveryChunkSize(input, expected)
    }

    /// Docker writes a line longer than 16 KiB as records whose `log` string has no newline, then
    /// one with it: each goes on where the one before ended, as CRI's `P` parts do
    /// (`runtimeSplitLines`, the same lines as Docker records): the containers open at the cut
    /// stay open, a string cut there is finished with its first part's token, a key's value is
    /// at the next record's start.
    @Test func dockerPartialRecords() {
        let input = bytes(#"""
            {"log":"{\"type\":\"contact\",\"name\":\"Jane D","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"oe\",\"email\":\"jane.doe@example.com\",\"location\":{\"type\":\"location\",\"city\":\"Dublin\",\"country\":\"Ireland\"},\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"123-45-6789\"},\"notes\":\"call me on +44 20 7946 0958 please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":\"Jane Doe\",\"email\":\"jane.doe@example.com\",\"location\":{\"type\":\"location\",\"city\":\"Dubl","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"in\",\"country\":\"Ireland\"},\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"123-45-6789\"},\"notes\":\"call me on +44 20 7946 0958 please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":\"Jane Doe\",\"email\":\"jane.doe@exa","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"mple.com\",\"location\":{\"type\":\"location\",\"city\":\"Dublin\",\"country\":\"Ireland\"},\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"123-45-6789\"},\"notes\":\"call me on +44 20 7946 0958 please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":\"Jane Doe\",\"email\":\"jane.doe@example.com\",\"location\":{\"type\":\"location\",\"city\":\"Dublin\",","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"\"country\":\"Ireland\"},\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"123-45-6789\"},\"notes\":\"call me on +44 20 7946 0958 please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":\"Jane Doe\",\"email\":\"jane.doe@example.com\",\"location\":{\"type\":\"location\",\"city\":\"Dublin\",\"country\":\"Ireland\"},\"custom_attributes\":{","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"\"plan\":\"pro\",\"ssn\":\"123-45-6789\"},\"notes\":\"call me on +44 20 7946 0958 please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":\"Ja","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"ne Doe\",\"email\":\"jane.doe@example.com\",\"location\":{\"type\":\"location\",\"city\":\"Dublin\",\"country\":\"Ir","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"eland\"},\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"123-45-6789\"},\"notes\":\"call me on +44 20 7946 0958 please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.2Z"}
            {"log":"plain text cut in the midd","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"le, \"quoted and mail me at sam@example.org\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"\"Jane Doe\",\"location\": ","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"country\":\"Ireland\"},\"plan\":","stream":"stdout","time":"2026-11-25T02:10:55.2Z"}
            {"log":"\"pro\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.3Z"}
            {"log":"{\"city\":\"kept: the split line ended\"}\n","stream":"stdout","time":"2026-11-25T02:10:55Z"}

            """#)
        let expected = bytes(#"""
            {"log":"{\"type\":\"contact\",\"name\":\"[REDACTED:name]","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"[REDACTED:name]\",\"email\":\"[REDACTED:email]\",\"location\":\"[REDACTED:location]\",\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"[REDACTED:ssn]\"},\"notes\":\"call me on [REDACTED:phone] please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":\"[REDACTED:name]\",\"email\":\"[REDACTED:email]\",\"location\":{\"type\":\"[REDACTED:location]\",\"city\":\"[REDACTED:location]","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"[REDACTED:location]\",\"country\":\"[REDACTED:location]\"},\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"[REDACTED:ssn]\"},\"notes\":\"call me on [REDACTED:phone] please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":\"[REDACTED:name]\",\"email\":\"[REDACTED:email]","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"[REDACTED:email]\",\"location\":\"[REDACTED:location]\",\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"[REDACTED:ssn]\"},\"notes\":\"call me on [REDACTED:phone] please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":\"[REDACTED:name]\",\"email\":\"[REDACTED:email]\",\"location\":{\"type\":\"[REDACTED:location]\",\"city\":\"[REDACTED:location]\",","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"\"country\":\"[REDACTED:location]\"},\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"[REDACTED:ssn]\"},\"notes\":\"call me on [REDACTED:phone] please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":\"[REDACTED:name]\",\"email\":\"[REDACTED:email]\",\"location\":\"[REDACTED:location]\",\"custom_attributes\":{","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"\"plan\":\"pro\",\"ssn\":\"[REDACTED:ssn]\"},\"notes\":\"call me on [REDACTED:phone] please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":\"[REDACTED:name]","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"[REDACTED:name]\",\"email\":\"[REDACTED:email]\",\"location\":{\"type\":\"[REDACTED:location]\",\"city\":\"[REDACTED:location]\",\"country\":\"[REDACTED:location]","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"[REDACTED:location]\"},\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"[REDACTED:ssn]\"},\"notes\":\"call me on [REDACTED:phone] please\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.2Z"}
            {"log":"plain text cut in the midd","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"le, \"quoted and mail me at [REDACTED:email]\n","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"type\":\"contact\",\"name\":","stream":"stdout","time":"2026-11-25T02:10:55.0Z"}
            {"log":"\"[REDACTED:name]\",\"location\": ","stream":"stdout","time":"2026-11-25T02:10:55.1Z"}
            {"log":"{\"country\":\"[REDACTED:location]\"},\"plan\":","stream":"stdout","time":"2026-11-25T02:10:55.2Z"}
            {"log":"\"pro\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.3Z"}
            {"log":"{\"city\":\"kept: the split line ended\"}\n","stream":"stdout","time":"2026-11-25T02:10:55Z"}

            """#)
        expectInEveryChunkSize(input, expected)
    }

    /// Where a line's content is (`LineRedactor.lineContent`): inside a Docker record's `log`
    /// string without its escaped newline, only for the record's exact form; after a CRI prefix;
    /// else the whole line.
    @Test func lineContentOfRecords() {
        func content(_ line: String) -> (String, Int) {
            let b = bytes(line)
            return b.withUnsafeBufferPointer { p in
                let (s, e, level) = LineRedactor.lineContent(p.baseAddress!, 0, b.count)
                return (String(decoding: b[s..<e], as: UTF8.self), level)
            }
        }
        let time = #","time":"2026-11-25T02:10:55.123456789Z"}"#
        #expect(content(#"{"log":"  \"city\": \"Dublin\",\n","stream":"stdout""# + time) == (#"  \"city\": \"Dublin\","#, 1))
        #expect(content(#"{"log":"a line\r\n","stream":"stderr""# + time) == ("a line", 1))
        #expect(content(#"{"log":"a part","stream":"stdout""# + time) == ("a part", 1))
        #expect(content(#"{"log":"ends with a backslash\\n","stream":"stdout""# + time) == (#"ends with a backslash\\n"#, 1))
        #expect(content(#"{"log":"x\n","stream":"stdout","time":"2026-11-25T02:10:55Z"}\#r"#) == ("x", 1))
        for near in [#"{"log": "x\n","stream":"stdout""# + time, #"{"log":"x\n","stream":"stdin""# + time,
                     #"{"log":"x\n","stream":"stdout","attrs":{"a":"b"}"# + time, #"{"log":"x\n","stream":"stdout","time":"now"}"#,
                     #"{"log":"x\n","stream":"stdout","time":"2026-11-25T02:10:55Z"} "#, #"{"log":"x"y\n","stream":"stdout""# + time] {
            #expect(content(near) == (near, 0), "\(near)")
        }
        #expect(content("2026-11-25T02:10:55.1Z stdout F {\"log\":\"x\"}") == (#"{"log":"x"}"#, 0))
    }

    /// A key that ends a line inside an object has its value at the next line's start: the bracket
    /// of an object or array (`"location":`, then `{` at the key's column, as some pretty-printers
    /// write), a string, a number; in JSON and in a Python dict. It opens no YAML block there (the
    /// string keeps its quotes and the comma after it). A key without a rule keeps its value, and a
    /// key at the end of a line outside any object is YAML's still.
    @Test func valueOnTheNextLine() {
        let input = bytes("""
            {
              "type": "contact",
              "name":
                "Jane Doe",
              "location":
              {
                "city": "Dublin",
                "country": "Ireland"
              },
              "custom_attributes":
              {
                "plan": "pro",
                "ssn": "123-45-6789"
              },
              "phone":
                "+1 415 555 0123",
              "plan":
                "kept: no rule",
              "ip_address":   
                10.1.2.3,
              "count":
                12
            }
            {'name':
                 'Jane Doe',
             'location':
                 {'city': 'Dublin'},
             'plan': 'pro'}
            location:
              city: Cork

            """)
        let expected = bytes("""
            {
              "type": "contact",
              "name":
                "[REDACTED:name]",
              "location":
              {
                "city": "[REDACTED:location]",
                "country": "[REDACTED:location]"
              },
              "custom_attributes":
              {
                "plan": "pro",
                "ssn": "[REDACTED:ssn]"
              },
              "phone":
                "[REDACTED:phone]",
              "plan":
                "kept: no rule",
              "ip_address":   
                "[REDACTED:ip_address]",
              "count":
                12
            }
            {'name':
                 '[REDACTED:name]',
             'location':
                 {'city': '[REDACTED:location]'},
             'plan': 'pro'}
            location:
              city: '[REDACTED:location]'

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// A redacted number without quotes whose digits go on after spaces or dashes is one value
    /// (`+1 415 555 0123`): all of it goes, not its first group alone (the phone detector does not
    /// match the rest, which starts after a short number and a space). Digits that run into a word
    /// are left to the detectors, which need the word (`1jane@example.com`).
    @Test func spacedNumberValues() {
        let input = bytes("""
            {"name": +1 415 555 0123, "id": 7}
            {"name": 12 - 34, "n": 3}
            {"name": 5 }
            {"name": 7 1jane@example.com}

            """)
        let expected = bytes("""
            {"name": "[REDACTED:name]", "id": 7}
            {"name": "[REDACTED:name]", "n": 3}
            {"name": "[REDACTED:name]" }
            {"name": "[REDACTED:name]" [REDACTED:email]}

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// A container runtime's log (CRI: kubelet's `/var/log/containers/*.log`) writes its prefix
    /// before every line of a container's output: a pretty-printed document's lines are read after
    /// it, so the indentation, brackets and tags that carry a document over lines come after the
    /// prefix, and the prefix's date starts no record. Only a prefix of exactly that form (an RFC
    /// 3339 time with `T`, `stdout` or `stderr`, `F` or `P`) is read past.
    @Test func containerLogPrefixes() {
        let input = bytes("""
            2026-11-25T02:10:55.000000001Z stdout F {
            2026-11-25T02:10:55.000000002Z stdout F   "type": "contact",
            2026-11-25T02:10:55.000000003Z stderr F   "location": {
            2026-11-25T02:10:55.000000004Z stdout P     "city": "Dublin"
            2026-11-25T02:10:55.000000005Z stdout F   },
            2026-11-25T02:10:55+01:00 stdout F   "custom_attributes": {
            2026-11-25T02:10:55,5-08:00 stderr F     "ssn": "123-45-6789"
            2026-11-25T02:10:55Z stdout F   }
            2026-11-25T02:10:55Z stdout F }
            2026-11-25T02:10:56Z stdout F contact:
            2026-11-25T02:10:56Z stdout F   location:
            2026-11-25T02:10:56Z stdout F     city: Cork
            2026-11-25T02:10:56Z stdout F 
            2026-11-25T02:10:56Z stdout F   - Ennis
            2026-11-25T02:10:56Z stdout F   plan: pro
            2026-11-25T02:10:57Z stderr F <custom_attributes>
            2026-11-25T02:10:57Z stderr F   <address>1 Main St
            2026-11-25T02:10:57Z stderr F Springfield</address>
            2026-11-25T02:10:57Z stderr F </custom_attributes>
            2026-11-25T02:10:58Z stdout F custom_attributes:
            2026-11-25T02:10:58Z stdin F   ssn: kept, no CRI stream
            2026-11-25T02:10:58Z stdout F custom_attributes:
            2026-11-25T02:10:58Z stdout X   ssn: kept, no CRI tag
            2026-11-25T02:10:58Z stdout F custom_attributes:
            2026-11-25 02:10:58Z stdout F   ssn: kept, no T
            2026-11-25T02:10:58Z stdout F custom_attributes:
            2026-11-25T02:10:58Zz stdout F   ssn: kept, a letter in the time
            2026-11-25T02:10:58Z stdout F custom_attributes:
            2026-11-25T02:10:58Z stdout  F   ssn: kept, two spaces

            """)
        let expected = bytes("""
            2026-11-25T02:10:55.000000001Z stdout F {
            2026-11-25T02:10:55.000000002Z stdout F   "type": "contact",
            2026-11-25T02:10:55.000000003Z stderr F   "location": {
            2026-11-25T02:10:55.000000004Z stdout P     "city": "[REDACTED:location]"
            2026-11-25T02:10:55.000000005Z stdout F   },
            2026-11-25T02:10:55+01:00 stdout F   "custom_attributes": {
            2026-11-25T02:10:55,5-08:00 stderr F     "ssn": "[REDACTED:ssn]"
            2026-11-25T02:10:55Z stdout F   }
            2026-11-25T02:10:55Z stdout F }
            2026-11-25T02:10:56Z stdout F contact:
            2026-11-25T02:10:56Z stdout F   location:
            2026-11-25T02:10:56Z stdout F     city: '[REDACTED:location]'
            2026-11-25T02:10:56Z stdout F 
            2026-11-25T02:10:56Z stdout F   - [REDACTED:location]
            2026-11-25T02:10:56Z stdout F   plan: pro
            2026-11-25T02:10:57Z stderr F <custom_attributes>
            2026-11-25T02:10:57Z stderr F   <address>[REDACTED:address]
            2026-11-25T02:10:57Z stderr F [REDACTED:address]</address>
            2026-11-25T02:10:57Z stderr F </custom_attributes>
            2026-11-25T02:10:58Z stdout F custom_attributes:
            2026-11-25T02:10:58Z stdin F   ssn: kept, no CRI stream
            2026-11-25T02:10:58Z stdout F custom_attributes:
            2026-11-25T02:10:58Z stdout X   ssn: kept, no CRI tag
            2026-11-25T02:10:58Z stdout F custom_attributes:
            2026-11-25 02:10:58Z stdout F   ssn: kept, no T
            2026-11-25T02:10:58Z stdout F custom_attributes:
            2026-11-25T02:10:58Zz stdout F   ssn: kept, a letter in the time
            2026-11-25T02:10:58Z stdout F custom_attributes:
            2026-11-25T02:10:58Z stdout  F   ssn: kept, two spaces

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// An element's text with a raw newline in it goes on at the first column (`<address>1 Main
    /// St`, then `Springfield, IL 62701`): those lines are its text too, up to its closing tag, at
    /// most `LineRedactor.looseTextLines` of them in a row. A line that starts a record (an ISO
    /// date, `{` or `[` first) ends it, as a payload cut short inside the element would otherwise
    /// take the log's next lines with it.
    @Test func xmlTextAtTheFirstColumn() {
        let input = bytes(#"""
            <contact>
              <custom_attributes>
                <address>1 Main St
            Springfield, IL <b>62701</b>
            USA</address>
                <plan>pro</plan>
              </custom_attributes>
              <name>
            Jane
            Doe
              </name>
              <role>admin
            kept: no rule</role>
            </contact>
            kept: the document is over
            <contact><custom_attributes>
              <ssn>123-45-
            6789</ssn></custom_attributes></contact> kept
            <contact>
              <name>Jane Do
            2026-11-24T10:00:00Z INFO kept: a record
            <contact>
              <name>Jane Do
            {"msg":"kept: a record"}
            <contact>
              <name>Jane Do
            1
            2
            3
            4
            5
            6
            7
            8
            kept: the ninth line in a row

            """#)
        let expected = bytes(#"""
            <contact>
              <custom_attributes>
                <address>[REDACTED:address]
            [REDACTED:address] <b>[REDACTED:address]</b>
            [REDACTED:address]</address>
                <plan>pro</plan>
              </custom_attributes>
              <name>
            [REDACTED:name]
            [REDACTED:name]
              </name>
              <role>admin
            kept: no rule</role>
            </contact>
            kept: the document is over
            <contact><custom_attributes>
              <ssn>[REDACTED:ssn]
            [REDACTED:ssn]</ssn></custom_attributes></contact> kept
            <contact>
              <name>[REDACTED:name]
            2026-11-24T10:00:00Z INFO kept: a record
            <contact>
              <name>[REDACTED:name]
            {"msg":"kept: a record"}
            <contact>
              <name>[REDACTED:name]
            [REDACTED:name]
            [REDACTED:name]
            [REDACTED:name]
            [REDACTED:name]
            [REDACTED:name]
            [REDACTED:name]
            [REDACTED:name]
            [REDACTED:name]
            kept: the ninth line in a row

            """#)
        #expect(LineRedactor.looseTextLines == 8)
        expectInEveryChunkSize(input, expected)
    }

    /// Tags come escaped too: Go's encoding/json writes every `<` and `>` in a string as `\u003c`
    /// and `\u003e` (a service that logs a SOAP payload in a JSON field), with one backslash more per
    /// level of a string in a string; HTML writes `&lt;` and `&gt;`. Each element keeps its syntax
    /// and its escape level: one opened in a string inside a string and closed in the string
    /// around it (which would join the two) is none, and so is one opened in one syntax and
    /// closed in another.
    @Test func escapedXMLElementsAreKeys() {
        let input = bytes(#"""
            {"msg":"soap request","payload":"\u003ccontact\u003e\u003cname\u003eJane Doe\u003c/name\u003e\u003cip_address\u003e10.1.2.3\u003c/ip_address\u003e\u003c/contact\u003e"}
            {"Body":"{\"xml\":\"\\u003cName\\u003eJo\\u003c/Name\\u003e\"}"}
            {"b":"\u003cservice\u003e\u003cname\u003eapi\u003c/name\u003e\u003c/service\u003e \u003cname\u003eAl\u003C\/name\u003E"}
            {"b":"\u003cp\u003eHi \u003cb\u003eJane\u003c/b\u003e\u003c/p\u003e \u003cname\u003eJo</name>"}
            body=&lt;name&gt;Jane Doe&lt;/name&gt; &lt;service&gt;&lt;name&gt;api&lt;/name&gt;&lt;/service&gt;
            &LT;custom_attributes&GT;&lt;ssn&gt;123-45-6789&lt;/ssn&gt;&lt;/custom_attributes&gt; &lt;ssn&gt;1&lt;/ssn&gt;
            &lt;mobile&gt;+1 415 555 0123&lt;/mobile&gt; &lt;name/&gt; &lt;name&gt;&lt;/name&gt; &lt;name&gt;, welcome
            \u003c name\u003eJo\u003c/name\u003e and &lt;name; and \u003cname \u003e, hello
            {"a":"{\"x\":\"\\u003cname\\u003eJo\"}","y":"\u003c/name\u003e"} \u003cname\\u003eAl\u003c/name\u003e

            """#)
        let expected = bytes(#"""
            {"msg":"soap request","payload":"\u003ccontact\u003e\u003cname\u003e[REDACTED:name]\u003c/name\u003e\u003cip_address\u003e[REDACTED:ip_address]\u003c/ip_address\u003e\u003c/contact\u003e"}
            {"Body":"{\"xml\":\"\\u003cName\\u003e[REDACTED:name]\\u003c/Name\\u003e\"}"}
            {"b":"\u003cservice\u003e\u003cname\u003eapi\u003c/name\u003e\u003c/service\u003e \u003cname\u003e[REDACTED:name]\u003C\/name\u003E"}
            {"b":"\u003cp\u003eHi \u003cb\u003eJane\u003c/b\u003e\u003c/p\u003e \u003cname\u003eJo</name>"}
            body=&lt;name&gt;[REDACTED:name]&lt;/name&gt; &lt;service&gt;&lt;name&gt;api&lt;/name&gt;&lt;/service&gt;
            &LT;custom_attributes&GT;&lt;ssn&gt;[REDACTED:ssn]&lt;/ssn&gt;&lt;/custom_attributes&gt; &lt;ssn&gt;1&lt;/ssn&gt;
            &lt;mobile&gt;[REDACTED:phone]&lt;/mobile&gt; &lt;name/&gt; &lt;name&gt;&lt;/name&gt; &lt;name&gt;, welcome
            \u003c name\u003eJo\u003c/name\u003e and &lt;name; and \u003cname \u003e, hello
            {"a":"{\"x\":\"\\u003cname\\u003eJo\"}","y":"\u003c/name\u003e"} \u003cname\\u003eAl\u003c/name\u003e

            """#)
        expectInEveryChunkSize(input, expected)
    }

    /// Printf-style logfmt (`name=%s`) writes values with spaces: after a word of letters, words of
    /// letters that start with a capital go with it (`name=Jane Doe` kept `Doe`), and words of
    /// letters in any case that the next pair follows (`name=jane doe role=admin` kept `doe`);
    /// lower-case words that no pair follows, the next pair, and values that are no name
    /// (`email=jane@x.io INFO`) end it.
    @Test func logfmtValuesWithSpaces() {
        let input = bytes(#"""
            user created name=Jane Doe email=jane@x.io plan=pro
            name=Jane Doe took 5ms
            location=New York City ok=1
            name=Élodie Ørsted-Larsen done
            a=1 name=Jane x=2 Y
            name=Jane Doe=x
            token=abc== name=a=b
            {"msg":"saved name=Jane Van Dyke, id=1"}
            email=jane@x.io INFO ip=10.0.0.1 Ok
            user updated name=jane doe role=admin
            name=jane van Dyke ok=1 name=jane logged in
            name=Jane Doe took 5ms id=1 name=jo ann	x=1

            """#)
        let expected = bytes(#"""
            user created name=[REDACTED:name] email=[REDACTED:email] plan=pro
            name=[REDACTED:name] took 5ms
            location=[REDACTED:location] ok=1
            name=[REDACTED:name] done
            a=1 name=[REDACTED:name] x=2 Y
            name=[REDACTED:name] Doe=x
            token=abc== name=[REDACTED:name]
            {"msg":"saved name=[REDACTED:name], id=1"}
            email=[REDACTED:email] INFO ip=[REDACTED:ip_address] Ok
            user updated name=[REDACTED:name] role=admin
            name=[REDACTED:name] ok=1 name=[REDACTED:name] logged in
            name=[REDACTED:name] took 5ms id=1 name=[REDACTED:name]	x=1

            """#)
        expectInEveryChunkSize(input, expected)
    }

    /// PHP's `print_r` spreads nested arrays over lines (`[location] => Array`, then `(` ... `)`,
    /// then a blank line): an array after a key with a rule goes whole, one after a path's parent
    /// gives its elements their paths, and arrays inside it open and close in turn.
    @Test func printRArraysOverLines() {
        let input = bytes("""
            Array
            (
                [type] => contact
                [name] => Jane Doe
                [location] => Array
                    (
                        [type] => location
                        [coords] => Array
                            (
                                [lat] => 53.3
                            )

                        [city] => Dublin
                    )

                [custom_attributes] => stdClass Object
                    (
                        [plan] => pro
                        [tags] => Array
                            (
                                [0] => vip
                            )

                        [ssn] => 123-45-6789
                    )

                [id] => 5
            )
            [0] => Dublin

            """)
        let expected = bytes("""
            Array
            (
                [type] => contact
                [name] => [REDACTED:name]
                [location] => Array
                    (
                        [type] => [REDACTED:location]
                        [coords] => Array
                            (
                                [lat] => [REDACTED:location]
                            )

                        [city] => [REDACTED:location]
                    )

                [custom_attributes] => stdClass Object
                    (
                        [plan] => pro
                        [tags] => Array
                            (
                                [0] => vip
                            )

                        [ssn] => [REDACTED:ssn]
                    )

                [id] => 5
            )
            [0] => Dublin

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// PHP's `var_export`: a nested array's key ends its line (`'location' => `), `array (` opens it
    /// on the next, `),` closes it (`)),` an object's `__set_state(array(`).
    @Test func varExportArraysOverLines() {
        let input = bytes("""
            array (
              'type' => 'contact',
              'name' => 'Jane Doe',
              'location' => 
              array (
                'type' => 'location',
                'geo' => 
                array (
                  'lat' => 53.3,
                ),
                'city' => 'Dublin',
              ),
              'custom_attributes' => 
              \\Attrs::__set_state(array(
                 'plan' => 'pro',
                 'ssn' => '123-45-6789',
              )),
              'id' => 7,
              'city' => 'Cork',
            )

            """)
        let expected = bytes("""
            array (
              'type' => 'contact',
              'name' => '[REDACTED:name]',
              'location' => 
              array (
                'type' => '[REDACTED:location]',
                'geo' => 
                array (
                  'lat' => [REDACTED:location],
                ),
                'city' => '[REDACTED:location]',
              ),
              'custom_attributes' => 
              \\Attrs::__set_state(array(
                 'plan' => 'pro',
                 'ssn' => '[REDACTED:ssn]',
              )),
              'id' => 7,
              'city' => 'Cork',
            )

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// Rust's `{:#?}`: a key, a type name and `{` end a line; the fields follow on the next lines.
    @Test func rustPrettyDebugOverLines() {
        let input = bytes("""
            Contact {
                name: "Jane Doe",
                location: Location {
                    city: "Dublin",
                    zip: 75001,
                },
                custom_attributes: Attrs {
                    plan: "pro",
                    ssn: "123-45-6789",
                },
                id: 7,
            }
            Contact { name: "Jane", location: Location { city: "Dublin" }, id: 7 }
            ssn: name: {+1 415 555 0123 key: 'v'
            location: Location { city: "Dublin" extra

            """)
        let expected = bytes("""
            Contact {
                name: "[REDACTED:name]",
                location: Location {
                    city: "[REDACTED:location]",
                    zip: '[REDACTED:location]',
                },
                custom_attributes: Attrs {
                    plan: "pro",
                    ssn: "[REDACTED:ssn]",
                },
                id: 7,
            }
            Contact { name: "[REDACTED:name]", location: '[REDACTED:location]', id: 7 }
            ssn: name: {[REDACTED:phone] key: '[REDACTED:name]'
            location: '[REDACTED:location]'

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// A type name between a key without quotes and its container: Elixir's maps and structs.
    @Test func typeNamesBeforeContainers() {
        let input = bytes("""
            %Contact{name: "Jane Doe", location: %{city: "Dublin"}, custom_attributes: %{"ssn" => "123-45-6789", "plan" => "pro"}}
            {attrs: %Attrs{ssn: "kept"}, custom_attributes: Attrs {ssn: 1}, location: %Location{city: "Dublin"} }

            """)
        let expected = bytes("""
            %Contact{name: "[REDACTED:name]", location: '[REDACTED:location]', custom_attributes: %{"ssn" => "[REDACTED:ssn]", "plan" => "pro"}}
            {attrs: %Attrs{ssn: "kept"}, custom_attributes: Attrs {ssn: '[REDACTED:ssn]'}, location: '[REDACTED:location]' }

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// Rails' and PHP's form parameters: a key in brackets after a key, whose keys before it are
    /// its path.
    @Test func formParameterKeys() {
        let input = bytes("""
            POST /contacts user[name]=Jane+Doe&user[email]=jane%40x.io&contact[location][city]=Dublin&page=2
            contact[custom_attributes][ssn]=123-45-6789&x[ssn]=1&tags[]=vip&arr[0]=5&[name]=x
            =x&a[name]=Jane

            """)
        let expected = bytes("""
            POST /contacts user[name]=[REDACTED:name]&user[email]=[REDACTED:email]&contact[location][city]=[REDACTED:location]&page=2
            contact[custom_attributes][ssn]=[REDACTED:ssn]&x[ssn]=1&tags[]=vip&arr[0]=5&[name]=x
            =x&a[name]=[REDACTED:name]

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// Flattened keys (OpenTelemetry, ECS, Datadog, Vector's `flatten`): a key with dots is the
    /// path its segments name; `name` keeps its value under the parents that name no person.
    @Test func flattenedKeys() {
        let input = bytes("""
            {"user.name":"Jane Doe","service.name":"checkout","host.name":"ip-10-0-0-1","k8s.pod.name":"api-1","span.name":"GET /x"}
            {"custom_attributes.ssn":"123-45-6789","contact.custom_attributes.address":"1 Main St","attrs.ssn":"kept","x.custom_attributes":{"ssn":"1"}}
            {"contact.location.city":"Dublin","location.lat":53.3,"client.ip":"10.1.2.3","contact.ip_address":"10.1.2.4","app.version":"1.2"}
            {"User.Name":"Jane","Service.Name":"api","data.contacts.0.name":"Jane","a..name":"z",".name":"x","name.":"y","event.type":"tag"}
            {"service":{"name":"checkout"},"user":{"name":"Jane"},"Host":{"name":"h1"},"services":[{"name":"a"}],"Process":{"name":"ruby"}}
            {"msg":"{\\"user.name\\":\\"Jane\\",\\"service.name\\":\\"api\\"}"}
            user.name=jane service.name=api location.city=Dublin custom_attributes.ssn=123-45-6789 os.name=linux
            user.name: Jane Doe
            {"data.item.conversation_parts.conversation_parts.0.author.custom_attributes.ssn":"1","x":1}

            """)
        let expected = bytes("""
            {"user.name":"[REDACTED:name]","service.name":"checkout","host.name":"ip-10-0-0-1","k8s.pod.name":"api-1","span.name":"GET /x"}
            {"custom_attributes.ssn":"[REDACTED:ssn]","contact.custom_attributes.address":"[REDACTED:address]","attrs.ssn":"kept","x.custom_attributes":{"ssn":"[REDACTED:ssn]"}}
            {"contact.location.city":"[REDACTED:location]","location.lat":"[REDACTED:location]","client.ip":"[REDACTED:ip_address]","contact.ip_address":"[REDACTED:ip_address]","app.version":"1.2"}
            {"User.Name":"[REDACTED:name]","Service.Name":"api","data.contacts.0.name":"[REDACTED:name]","a..name":"[REDACTED:name]",".name":"[REDACTED:name]","name.":"y","event.type":"tag"}
            {"service":{"name":"checkout"},"user":{"name":"[REDACTED:name]"},"Host":{"name":"h1"},"services":[{"name":"[REDACTED:name]"}],"Process":{"name":"ruby"}}
            {"msg":"{\\"user.name\\":\\"[REDACTED:name]\\",\\"service.name\\":\\"api\\"}"}
            user.name=[REDACTED:name] service.name=api location.city=[REDACTED:location] custom_attributes.ssn=[REDACTED:ssn] os.name=linux
            user.name: '[REDACTED:name]'
            {"data.item.conversation_parts.conversation_parts.0.author.custom_attributes.ssn":"[REDACTED:ssn]","x":1}

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// Typed objects in parentheses (Kotlin's and Java's `toString`, Swift's descriptions) after a
    /// key without a rule name a path up to their `)`, across the strings in them.
    @Test func typedObjectsInParenthesesNamePaths() {
        let input = bytes("""
            Contact(name=Jane Doe, customAttributes=CustomAttributes(address=1 Main St, ssn=123-45-6789), location=Location(city=Dublin))
            Contact(name: "Jane Doe", customAttributes: Attrs(ssn: "123-45-6789", plan: "pro", address: "1 Main"), ssn: "kept")
            contact=Contact(id=1, custom_attributes=Attrs(ssn=123-45-6789)) ok ssn=5
            Contact(custom_attributes: main.Attrs(ssn: 1, plan: "x"), z: 1) ssn: 3
            Contact(customAttributes=Attrs(plan=pro, ssn=12
            next ssn=1 customAttributes=(ssn=2) attrs=Attrs(ssn=3)

            """)
        let expected = bytes("""
            Contact(name=[REDACTED:name], customAttributes=CustomAttributes(address=[REDACTED:address], ssn=[REDACTED:ssn]), location=[REDACTED:location])
            Contact(name: "[REDACTED:name]", customAttributes: Attrs(ssn: "[REDACTED:ssn]", plan: "pro", address: "[REDACTED:address]"), ssn: "kept")
            contact=Contact(id=1, custom_attributes=Attrs(ssn=[REDACTED:ssn])) ok ssn=5
            Contact(custom_attributes: main.Attrs(ssn: '[REDACTED:ssn]', plan: "x"), z: 1) ssn: 3
            Contact(customAttributes=Attrs(plan=pro, ssn=[REDACTED:ssn]
            next ssn=1 customAttributes=(ssn=2) attrs=Attrs(ssn=3)

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// Strings inside typed objects in parentheses: a `)` in one does not end the object, the keys
    /// after one keep the object's path (the object closed at the string's token: the SSNs
    /// were kept), at every escape level; a `)` in a string nested deeper than the object closes
    /// it only when the scanner is back at the object's level (it crashed the scanner). A value
    /// without quotes ends at the object's `)` at the latest.
    @Test func stringsInsideTypedObjectsInParentheses() {
        let input = bytes(#"""
            customattributes=s(")\
            custom_attributes=Attrs(note: "x)\" y", ssn: "123-45-6789")
            custom_attributes=Attrs(note="a)b", ssn=123-45-6789) name=Jane
            custom_attributes=Attrs("b", ssn=1) ssn=2
            custom_attributes=Attrs(a=[1], ssn=1) x
            customAttributes: Attrs(note: "a (b", ssn: "1") name: x
            {"m":"custom_attributes=A(\"x)\", ssn=1) ssn=2"}
            {"m":"custom_attributes=A(x=\"a\\\"b)\", ssn=1) ssn=2", "ssn":"3"}
            {"m":"custom_attributes=A(x=1", "ssn":"3"}
            custom_attributes=A(x ssn=1) z
            custom_attributes=A(y=2 ssn=1 2) z

            """#)
        let expected = bytes(#"""
            customattributes=s(")\
            custom_attributes=Attrs(note: "x)\" y", ssn: "[REDACTED:ssn]")
            custom_attributes=Attrs(note="a)b", ssn=[REDACTED:ssn]) name=[REDACTED:name]
            custom_attributes=Attrs("b", ssn=[REDACTED:ssn]) ssn=2
            custom_attributes=Attrs(a=[1], ssn=[REDACTED:ssn]) x
            customAttributes: Attrs(note: "a (b", ssn: "[REDACTED:ssn]") name: '[REDACTED:name]'
            {"m":"custom_attributes=A(\"x)\", ssn=[REDACTED:ssn]) ssn=2"}
            {"m":"custom_attributes=A(x=\"a\\\"b)\", ssn=[REDACTED:ssn]) ssn=2", "ssn":"3"}
            {"m":"custom_attributes=A(x=1", "ssn":"3"}
            custom_attributes=A(x ssn=[REDACTED:ssn]) z
            custom_attributes=A(y=2 ssn=[REDACTED:ssn] 2) z

            """#)
        expectInEveryChunkSize(input, expected)
    }

    /// C#'s records and anonymous types (`Contact { Name = Jane Doe, ... }`), and `key = value`
    /// lines: a key before ` = ` that starts a field.
    @Test func spacedEqualsKeys() {
        let input = bytes("""
            Contact { Name = Jane Doe, Email = jane@x.io, Location = Location { City = Dublin }, Phone = , Id = 7 }
            { Name = Jane, Plan = pro }
            name = "Jane Doe"
            name = Jane Doe
            count = 5, name == x, total name = 3
            if (name = 1) x

            """)
        let expected = bytes("""
            Contact { Name = [REDACTED:name], Email = [REDACTED:email], Location = [REDACTED:location], Phone = , Id = 7 }
            { Name = [REDACTED:name], Plan = pro }
            name = "[REDACTED:name]"
            name = [REDACTED:name]
            count = 5, name == x, total name = 3
            if (name = 1) x

            """)
        expectInEveryChunkSize(input, expected)
    }

    /// Sorted keys (`jq -S`, Python's `sort_keys=True`, Go's maps) write `name` before `type`: a
    /// non-person object's name stays when its `type` follows on the line, in escaped JSON too.
    @Test func sortedKeysPutTypeAfterName() {
        let input = bytes(#"""
            {"name":"Jane Doe","tags":[{"id":"1","name":"VIP","type":"tag"}],"type":"contact"}
            {"author":{"name":"Jane","type":"user"},"company":{"name":"Acme","plan":{"name":"Pro"},"type":"company"}}
            {"name":"Jane","x":{"type":"tag"}}
            {"body":"{\"name\":\"VIP\",\"type\":\"segment\"}","name":"Jane"}
            {
              "name": "Gold",
              "type": "segment"
            }

            """#)
        let expected = bytes(#"""
            {"name":"[REDACTED:name]","tags":[{"id":"1","name":"VIP","type":"tag"}],"type":"contact"}
            {"author":{"name":"[REDACTED:name]","type":"user"},"company":{"name":"Acme","plan":{"name":"[REDACTED:name]"},"type":"company"}}
            {"name":"[REDACTED:name]","x":{"type":"tag"}}
            {"body":"{\"name\":\"VIP\",\"type\":\"segment\"}","name":"[REDACTED:name]"}
            {
              "name": "[REDACTED:name]",
              "type": "segment"
            }

            """#)
        expectInEveryChunkSize(input, expected)
    }

    @Test func invalidUTF8() {
        let input: [UInt8] = [0xFF, 0xFE, 0x20] + bytes("a@b.io") + [0x20, 0xC3, 0x28, 0x0A]
        let out = RedactionPlan.intercom.redact(bytes: input)
        #expect(out == [0xFF, 0xFE, 0x20] + bytes("[REDACTED:email]") + [0x20, 0xC3, 0x28, 0x0A])
    }

    @Test func prettyPrintedDocumentAcrossLines() {
        let input = """
        {
          "type": "contact",
          "email": "jane@x.io",
          "location": {
            "type": "location",
            "city": "Dublin",
            "lat": 53.3
          },
          "custom_attributes": {
            "ssn": "123-45-6789",
            "plan": "pro"
          },
          "ssn": "top-level-is-not-custom",
          "city": "kept"
        }
        2026-11-23 INFO next line "city": "Cork" stays

        """
        let expected = """
        {
          "type": "contact",
          "email": "[REDACTED:email]",
          "location": {
            "type": "[REDACTED:location]",
            "city": "[REDACTED:location]",
            "lat": "[REDACTED:location]"
          },
          "custom_attributes": {
            "ssn": "[REDACTED:ssn]",
            "plan": "pro"
          },
          "ssn": "top-level-is-not-custom",
          "city": "kept"
        }
        2026-11-23 INFO next line "city": "Cork" stays

        """
        #expect(RedactionPlan.intercom.redact(input) == expected)
    }

    @Test func prettyPrintedNonPersonObjectKeepsItsName() {
        let input = "{\n  \"type\": \"tag\",\n  \"id\": \"17\",\n  \"name\": \"VIP customers\"\n}\n[\n  {\n    \"type\": \"contact\",\n    \"name\": \"Jane Roe\"\n  }\n]\n"
        let expected = "{\n  \"type\": \"tag\",\n  \"id\": \"17\",\n  \"name\": \"VIP customers\"\n}\n[\n  {\n    \"type\": \"contact\",\n    \"name\": \"[REDACTED:name]\"\n  }\n]\n"
        #expect(RedactionPlan.intercom.redact(input) == expected)
        for size in 1...20 { #expect(redactChunked(bytes(input), size: size).out == bytes(expected)) }
    }

    @Test func statsCountByKindAndField() {
        let line = ExamplesTests.examples[0].0 + "\n" + ExamplesTests.examples[1].0 + "\n"
        let (_, stats) = redactChunked(bytes(line), size: 0)
        #expect(stats.lines == 2)
        #expect(stats.byKind == ["email": 2, "name": 1, "location": 1, "ssn": 1, "phone": 1])
        #expect(stats.byField == ["email": 1, "name": 1, "location": 1, "custom_attributes.ssn": 1])
        #expect(stats.bytesIn == line.utf8.count)
        #expect(stats.redactions == 6)
    }
}
