import Foundation
import Testing
@testable import Redact

/// Actions other than the token: keyed pseudonyms, partial masks, field removal; per-kind actions.
@Suite struct ActionTests {
    static let secret = Array("correct horse battery staple 42".utf8)
    static let key = try! PseudonymKey(id: "k1", secret: secret)

    static func plan(_ configure: (inout RedactionPolicy) throws -> Void) throws -> RedactionPlan {
        var p = RedactionPolicy.intercom
        p.pseudonymKey = key
        try configure(&p)
        return try RedactionPlan(policy: p)
    }

    static let pseudonymPlan = try! plan { $0.defaultAction = .pseudonym }

    /// Known answers computed outside Swift (Python's hmac): HMAC-SHA-256(key, kind 0x00 value)[:12].
    static let jane = "[email:k1:0536b0eceaa6]"
    static let janePhone = "[phone:k1:33dae78d955e]"
    static let janeName = "[name:k1:b57693104986]"

    @Test func pseudonymIsHMACOfTheNormalisedValue() {
        #expect(Self.pseudonymPlan.redact(#"{"email":"jane.roe@example.com"}"#) == #"{"email":"\#(Self.jane)"}"#)
        #expect(Self.pseudonymPlan.redact(#"{"name":"Jane  Roe"}"#) == #"{"name":"\#(Self.janeName)"}"#)
    }

    @Test func samePersonSamePseudonymInFieldsAndFreeText() {
        let lines = [
            #"{"type":"contact","email":"Jane.Roe@Example.com","phone":"+1 (415) 555-0123"}"#,
            #"{"type":"conversation_part","body":"<p>Reach me at JANE.ROE&#64;example.com or <a href=\"mailto:jane.roe%40example.com\">mail</a></p>"}"#,
            #"{"Body":"{\"email\":\"jane.roe\\u0040example.com\",\"note\":\"call tel:+1-415-555-0123\"}"}"#,
            #"2026-11-23T10:00:00Z INFO sent receipt to jane.roe@EXAMPLE.com, phone=+14155550123"#,
        ]
        let out = Self.pseudonymPlan.redact(lines.joined(separator: "\n")).split(separator: "\n").map(String.init)
        #expect(out.count == 4)
        #expect(out[0] == #"{"type":"contact","email":"\#(Self.jane)","phone":"\#(Self.janePhone)"}"#)
        #expect(out[1].components(separatedBy: Self.jane).count == 3, "\(out[1])")
        #expect(out[2].contains(Self.jane) && out[2].contains(Self.janePhone), "\(out[2])")
        #expect(out[3] == "2026-11-23T10:00:00Z INFO sent receipt to \(Self.jane), phone=\(Self.janePhone)")
        for line in out { #expect(!line.lowercased().contains("jane.roe") && !line.contains("555")) }
    }

    @Test func differentValuesAndKeysGiveDifferentPseudonyms() throws {
        let other = Self.pseudonymPlan.redact(#"{"email":"john@example.com"}"#)
        #expect(!other.contains(Self.jane))
        let rotated = try Self.plan {
            $0.defaultAction = .pseudonym
            $0.pseudonymKey = try PseudonymKey(id: "k2", secret: Array("another secret of enough length".utf8))
        }
        let r = rotated.redact(#"{"email":"jane.roe@example.com"}"#)
        #expect(r.hasPrefix(#"{"email":"[email:k2:"#) && !r.contains("0536b0eceaa6"))
    }

    @Test func derivedKeyIDWhenNoneGiven() throws {
        let k = try PseudonymKey(secret: Self.secret)
        #expect(k.id == "k4da30c")  // "k" + SHA-256(secret)[:6], computed outside Swift
    }

    @Test func nonStringValuesBecomeQuotedPseudonyms() {
        let out = Self.pseudonymPlan.redact(#"{"phone":14155550123,"location":{"city":"Cork"}}"#)
        #expect(out.hasPrefix(#"{"phone":"[phone:k1:"#))
        #expect(out.contains(#""location":"[location:k1:"#))
        #expect((try? JSONSerialization.jsonObject(with: Data(out.utf8))) != nil)
        // The same number inside escaped JSON: the same pseudonym, quoted at its level.
        let plain = Self.pseudonymPlan.redact(#"{"phone":14155550123}"#)
        let code = plain.dropFirst(#"{"phone":""#.count).prefix(23)
        #expect(code.hasPrefix("[phone:k1:") && code.hasSuffix("]"))
        let nested = Self.pseudonymPlan.redact(#"{"Body":"{\"phone\":14155550123}"}"#)
        #expect(nested == #"{"Body":"{\"phone\":\"\#(code)\"}"}"#)
    }

    @Test func partialKeepsDomainAndLastDigits() throws {
        let plan = try Self.plan { $0.defaultAction = .partial(keep: 4) }
        #expect(plan.redact(#"{"email":"Jane@Example.COM","phone":"+44 20 7946 0958","name":"Jane Roe"}"#)
                == #"{"email":"***@example.com","phone":"***0958","name":"[REDACTED:name]"}"#)
        #expect(plan.redact("write to jane&#64;mail.example.org today") == "write to ***@mail.example.org today")
        #expect(plan.redact(#"{"phone":4155550123}"#) == #"{"phone":"***0123"}"#)
        // Never more than half of the digits.
        let greedy = try Self.plan { $0.kindActions["ssn"] = .partial(keep: 12) }
        #expect(greedy.redact(#"{"custom_attributes":{"ssn":"123-45-6789"}}"#) == #"{"custom_attributes":{"ssn":"***6789"}}"#)
    }

    @Test(arguments: [
        (#"{"id":1,"email":"a@b.io","plan":"pro"}"#, #"{"id":1,"plan":"pro"}"#),
        (#"{"email":"a@b.io","id":1}"#, #"{"id":1}"#),
        (#"{"id":1,"email":"a@b.io"}"#, #"{"id":1}"#),
        (#"{"email":"a@b.io"}"#, #"{}"#),
        (#"{ "id" : 1 , "email" : "a@b.io" }"#, #"{ "id" : 1 }"#),
        (#"{"id":1, "email":"a@b.io", "phone":"+1 415 555 0123"}"#, #"{"id":1}"#),
        (#"{"email":"a@b.io","phone":"+1 415 555 0123"}"#, #"{}"#),
        (#"{"email":"a@b.io","phone":"+1 415 555 0123","id":2}"#, #"{"id":2}"#),
        (#"{"location":{"city":"Cork","geo":[1,2]},"id":1}"#, #"{"id":1}"#),
        (#"{"id":1,"phone":4155550123}"#, #"{"id":1}"#),
        (#"{"contacts":[{"email":"a@b.io","id":1},{"id":2,"email":"c@d.io"}]}"#, #"{"contacts":[{"id":1},{"id":2}]}"#),
        (#"{"Body":"{\"id\":1,\"email\":\"a@b.io\"}"}"#, #"{"Body":"{\"id\":1}"}"#),
        (#"{"Body":"{\"email\":\"a@b.io\",\"id\":1}"}"#, #"{"Body":"{\"id\":1}"}"#),
        (#"log {"email":"a@b.io","id":1} done"#, #"log {"id":1} done"#),
    ])
    func removeDropsKeyValueAndComma(input: String, expected: String) throws {
        let plan = try Self.plan { $0.defaultAction = .remove }
        let out = plan.redact(input)
        #expect(out == expected)
    }

    @Test func removeFallsBackToTheTokenWhereTheCommaIsOnAnotherLine() throws {
        let plan = try Self.plan { $0.defaultAction = .remove }
        let doc = """
            {
              "id": 1,
              "email": "a@b.io",
              "name": "Jane Roe"
            }
            """
        let out = plan.redact(doc)
        #expect(out == """
            {
              "id": 1,
              \("")
              "name": "[REDACTED:name]"
            }
            """)
        #expect((try? JSONSerialization.jsonObject(with: Data(out.utf8))) != nil)
        // Free text has nothing to remove: the token.
        #expect(plan.redact("mail jane@example.com now") == "mail [REDACTED:email] now")
    }

    @Test func removedOutputIsValidJSONOnGeneratedDocuments() throws {
        let plan = try Self.plan { $0.defaultAction = .remove }
        var rng = SplitMix(seed: 7)
        let keys = ["id", "email", "name", "phone", "plan", "location", "ip", "note"]
        for _ in 0..<300 {
            var members: [String] = []
            for _ in 0..<Int(rng.next() % 6) {
                let k = keys[Int(rng.next() % UInt64(keys.count))]
                guard !members.contains(where: { $0.hasPrefix("\"\(k)\"") }) else { continue }
                let v = ["\"jane@example.com\"", "42", "{\"city\":\"Cork\"}", "[1,\"x\"]", "null", "\"pro\""][Int(rng.next() % 6)]
                let sp = rng.next() % 2 == 0 ? "" : " "
                members.append("\"\(k)\"\(sp):\(sp)\(v)")
            }
            let input = "{" + members.joined(separator: rng.next() % 2 == 0 ? "," : ", ") + "}"
            let out = plan.redact(input)
            let parsed = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
            #expect(parsed != nil, "\(input) -> \(out)")
            // Null holds nothing and is kept, as with the token.
            for k in ["email", "name", "phone", "location", "ip"] { #expect(parsed?[k] == nil || parsed?[k] is NSNull, "\(input) -> \(out)") }
            #expect(!out.contains("jane@example.com"))
        }
    }

    @Test func perKindAndPerRuleActions() throws {
        let plan = try Self.plan {
            $0.kindActions = ["email": .pseudonym, "phone": .partial(keep: 2)]
            $0.fieldRules.insert(FieldRule(path: ["author", "email"], kind: "email", action: .token), at: 0)
        }
        let out = plan.redact(#"{"email":"jane.roe@example.com","author":{"email":"jane.roe@example.com"},"phone":"+1 415 555 0123","name":"Jo","body":"ping jane.roe@example.com"}"#)
        #expect(out == #"{"email":"\#(Self.jane)","author":{"email":"[REDACTED:email]"},"phone":"***23","name":"[REDACTED:name]","body":"ping \#(Self.jane)"}"#)
    }

    @Test func pseudonymWithoutKeyIsRefused() {
        var p = RedactionPolicy.intercom
        p.kindActions["email"] = .pseudonym
        #expect(throws: PolicyError.self) { try RedactionPlan(policy: p) }
    }

    @Test func actionsGiveTheSameOutputInEveryChunkSize() throws {
        let plan = try Self.plan { $0.kindActions = ["email": .pseudonym, "phone": .partial(keep: 4), "name": .remove] }
        let input = bytes("""
            {"id":1,"name":"Jo Roe","email":"Jane.Roe@example.com","phone":"+1 415 555 0123"}
            text jane.roe%40example.com and {"Body":"{\\"name\\":\\"Jo\\",\\"id\\":2}"}
            {
              "name": "Jo",
              "location": {
                "city": "Cork"
              }
            }

            """)
        let whole = redactChunked(input, size: 0, plan: plan).out
        #expect(text(whole).components(separatedBy: Self.jane).count == 3)
        #expect(text(whole).contains(#"{"id":1,"email":"#))
        #expect(text(whole).contains(#"{\"id\":2}"#))
        for size in [1, 2, 3, 5, 7, 16, 64] { #expect(redactChunked(input, size: size, plan: plan).out == whole, "size \(size)") }
    }

    @Test func normaliser() {
        #expect(PseudonymNormaliser.normalise(#"Jane\\u0040Example.com"#) == "jane@example.com")
        #expect(PseudonymNormaliser.normalise("mailto:JANE%40example.com") == "jane@example.com")
        #expect(PseudonymNormaliser.normalise("jane&commat;example&period;com") == "jane@example.com")
        #expect(PseudonymNormaliser.normalise("jane&#x40;example.com") == "jane@example.com")
        #expect(PseudonymNormaliser.normalise("tel:+1-415-555-0123") == "+14155550123")
        #expect(PseudonymNormaliser.normalise("+44 (0)20 7946 0958") == "+442079460958")
        #expect(PseudonymNormaliser.normalise("(415) 555.0123") == "4155550123")
        #expect(PseudonymNormaliser.normalise("  Jane \t ROE ") == "jane roe")
    }
}

/// A small deterministic generator for property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
