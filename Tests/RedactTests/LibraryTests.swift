import Testing
@testable import Redact

/// The in-process API: one call for text or bytes, a streaming redactor, one plan shared by tasks.
@Suite struct LibraryTests {
    @Test func oneCall() {
        let plan = RedactionPlan.intercom
        #expect(plan.redact(#"{"email":"a@b.io"} and c@d.io"#) == #"{"email":"[REDACTED:email]"} and [REDACTED:email]"#)
        #expect(plan.redact(bytes: Array("x c@d.io\n".utf8)) == Array("x [REDACTED:email]\n".utf8))
    }

    @Test func streamingChunksInRedactedBytesOut() {
        var stream = StreamRedactor(plan: .intercom)
        var out = stream.redact(Array(#"{"email":"jane@exa"#.utf8))
        #expect(out.isEmpty)  // the line is not complete yet
        out += stream.redact(Array("mple.com\"}\nnext sam@".utf8))
        #expect(text(out) == "{\"email\":\"[REDACTED:email]\"}\n")
        out += stream.redact(Array("example.org".utf8))
        out += stream.finish()
        #expect(text(out) == "{\"email\":\"[REDACTED:email]\"}\nnext [REDACTED:email]")
        #expect(stream.stats.lines == 2 && stream.stats.redactions == 2)
    }

    @Test func onePlanSharedAcrossTasks() async throws {
        var policy = RedactionPolicy.intercom
        policy.pseudonymKey = try PseudonymKey(id: "k1", secret: ActionTests.secret)
        policy.kindActions["email"] = .pseudonym
        let plan = try RedactionPlan(policy: policy)
        let results = await withTaskGroup(of: String.self) { group in
            for i in 0..<16 {
                group.addTask { plan.redact(i % 2 == 0 ? #"{"email":"Jane.Roe@example.com"}"# : "to jane.roe%40example.com") }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0.contains(ActionTests.jane) })
    }

    @Test func fieldDecisionsForStructuredValues() throws {
        let plan = RedactionPlan.intercom
        #expect(plan.redactField(path: ["user", "email"], value: "a@b.io") == .replace("[REDACTED:email]"))
        #expect(plan.redactField(path: ["custom_attributes", "ssn"], value: "1") == .replace("[REDACTED:ssn]"))
        #expect(plan.redactField(path: ["ssn"], value: "1") == .keep)
        // Flattened keys (`logger[metadataKey: "user.name"]`), as in JSON.
        #expect(plan.redactField(path: ["user.name"], value: "Jane") == .replace("[REDACTED:name]"))
        #expect(plan.redactField(path: ["request", "custom_attributes.ssn"], value: "1") == .replace("[REDACTED:ssn]"))
        #expect(plan.redactField(path: ["contact.location.city"], value: "Dublin") == .replace("[REDACTED:location]"))
        #expect(plan.redactField(path: ["contacts.0.name"], value: "Jane") == .replace("[REDACTED:name]"))
        #expect(plan.redactField(path: ["service.name"], value: "api") == .keep)
        #expect(plan.redactField(path: ["service", "name"], value: "api") == .keep)
        #expect(plan.redactField(path: ["k8s.pod.name"], value: "api-1") == .keep)
        #expect(plan.redactField(path: ["", "email"], value: "a@b.io") == .replace("[REDACTED:email]"))
        #expect(plan.redactField(path: [""], value: "+1 415 555 0123") == .keep)
        #expect(plan.redactField(path: ["email", ""], value: "") == .replace("[REDACTED:email]"))
        #expect(plan.redactField(path: ["..", "."], value: "x") == .keep)
        #expect(plan.redactField(path: ["user.", ".name", "0"], value: "Jane") == .replace("[REDACTED:name]"))
        #expect(plan.redactField(path: ["work_phone"], value: "+1 415 555 0123") == .replace("[REDACTED:phone]"))
        #expect(plan.redactField(path: ["work_phone"], value: "n/a") == .keep)
        #expect(plan.redactField(path: ["id"], value: "7") == .keep)
        var policy = RedactionPolicy.intercom
        policy.kindActions["email"] = .remove
        #expect(try RedactionPlan(policy: policy).redactField(path: ["email"], value: "a@b.io") == .remove)
    }
}
