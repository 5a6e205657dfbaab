import Foundation
import Testing
@testable import Redact

/// Field paths (`*`, `**`), allowlist mode, and policy files: loading, extending, refusing.
@Suite struct PolicyTests {
    static func plan(_ rules: [FieldRule], allowlist: [[String]]? = nil, extendIntercom: Bool = false) throws -> RedactionPlan {
        var p = extendIntercom ? RedactionPolicy.intercom : RedactionPolicy(fieldRules: [], detectors: RedactionPolicy.builtinDetectors)
        p.fieldRules = rules + p.fieldRules
        p.allowlist = allowlist
        return try RedactionPlan(policy: p)
    }

    @Test func wildcardAndGlobstarPaths() throws {
        let plan = try Self.plan([
            FieldRule(path: ["custom_attributes", "*"], kind: "custom"),
            FieldRule(path: ["**", "author", "email"], kind: "email"),
            FieldRule(path: ["data", "**", "token"], kind: "secret"),
        ])
        #expect(plan.redact(#"{"custom_attributes":{"plan":"pro","age":41},"plan":"free"}"#)
                == #"{"custom_attributes":{"plan":"[REDACTED:custom]","age":"[REDACTED:custom]"},"plan":"free"}"#)
        #expect(plan.redact(#"{"part":{"author":{"email":"x","id":"7"}},"email":"kept-not-a-rule"}"#)
                == #"{"part":{"author":{"email":"[REDACTED:email]","id":"7"}},"email":"kept-not-a-rule"}"#)
        #expect(plan.redact(#"{"data":{"token":"a","x":{"y":[{"token":"b"}]}},"token":"c"}"#)
                == #"{"data":{"token":"[REDACTED:secret]","x":{"y":[{"token":"[REDACTED:secret]"}]}},"token":"c"}"#)
    }

    @Test func allowlistKeepsOnlyListedValuesAndStillRunsDetectors() throws {
        let plan = try Self.plan([], allowlist: [["id"], ["type"], ["meta", "plan"], ["body"], ["tags"]], extendIntercom: true)
        let input = #"{"id":"123","type":"contact","note":"private","tags":["vip","beta"],"meta":{"plan":"pro","city":"Cork"},"count":3,"body":"mail jane@example.com","email":"a@b.io","list":["x"]}"#
        #expect(plan.redact(input)
                == #"{"id":"123","type":"contact","note":"[REDACTED:value]","tags":["vip","beta"],"meta":{"plan":"pro","city":"[REDACTED:value]"},"count":3,"body":"mail [REDACTED:email]","email":"[REDACTED:email]","list":["[REDACTED:value]"]}"#)
        // Across lines (pretty-printed), and plain text lines are left to the detectors.
        let doc = "{\n  \"id\": \"1\",\n  \"meta\": {\n    \"plan\": \"pro\",\n    \"city\": \"Cork\"\n  },\n  \"list\": [\n    \"x\"\n  ]\n}\nplain text jane@example.com\n"
        #expect(plan.redact(doc) == "{\n  \"id\": \"1\",\n  \"meta\": {\n    \"plan\": \"pro\",\n    \"city\": \"[REDACTED:value]\"\n  },\n  \"list\": [\n    \"[REDACTED:value]\"\n  ]\n}\nplain text [REDACTED:email]\n")
        // Escaped JSON inside an allowed value: its own values must be allowed too.
        #expect(plan.redact(#"{"body":"{\"id\":\"9\",\"secret\":\"s\"}"}"#) == #"{"body":"{\"id\":\"9\",\"secret\":\"[REDACTED:value]\"}"}"#)
    }

    @Test func allowlistWithRemoveDropsEverythingElse() throws {
        var p = RedactionPolicy.intercom
        p.allowlist = [["id"], ["type"]]
        p.kindActions["value"] = .remove
        let plan = try RedactionPlan(policy: p)
        #expect(plan.redact(#"{"id":"1","note":"x","type":"user","other":"y"}"#) == #"{"id":"1","type":"user"}"#)
    }

    // MARK: - Policy files

    static let fullPolicy = """
        {
          "extends": "intercom",
          "action": "token",
          "kinds": {
            "email": "pseudonym",
            "phone": {"action": "partial", "keep": 3}
          },
          "fields": [
            {"path": "**.author.email", "kind": "email", "action": "partial"},
            {"path": "custom_attributes.*", "kind": "custom"},
            {"path": "user_id", "action": "pseudonym"},
            {"path": "session_token", "kind": "secret", "action": "remove"}
          ],
          "exclude_fields": ["ip"],
          "pseudonym": {"key_id": "k7", "key_env": "REDACT_TEST_KEY_FULL"}
        }
        """

    @Test func fullPolicyFile() throws {
        setenv("REDACT_TEST_KEY_FULL", "0123456789abcdef0123456789abcdef", 1)
        let file = try PolicyFile.parse(Self.fullPolicy, file: "p.json")
        #expect(file.pseudonymKeyID == "k7")
        #expect(file.pseudonymKeySource == .environment("REDACT_TEST_KEY_FULL"))
        let policy = try file.resolved()
        #expect(policy.pseudonymKey?.id == "k7")
        #expect(policy.kindActions == ["email": .pseudonym, "phone": .partial(keep: 3)])
        #expect(policy.fieldRules.first?.path == ["**", "author", "email"])
        #expect(!policy.fieldRules.contains { $0.path == ["ip"] })
        let plan = try RedactionPlan(policy: policy)
        let out = plan.redact(#"{"email":"Jo@x.io","author":{"email":"jo@x.io"},"custom_attributes":{"tier":"gold"},"user_id":"u-42","session_token":"abc","ip":"10.0.0.1","phone":"+1 415 555 0123"}"#)
        #expect(out.hasPrefix(#"{"email":"[email:k7:"#))
        #expect(out.contains(#""author":{"email":"***@x.io"}"#))
        #expect(out.contains(#""custom_attributes":{"tier":"[REDACTED:custom]"}"#))
        #expect(out.contains(#""user_id":"[user_id:k7:"#))
        #expect(!out.contains("session_token"))
        #expect(out.contains(#""ip":"10.0.0.1""#))
        #expect(out.contains(#""phone":"***123""#))
        #expect((try? JSONSerialization.jsonObject(with: Data(out.utf8))) != nil)
    }

    @Test func extendsNoneStartsEmpty() throws {
        let policy = try PolicyFile.parse(#"{"extends": "none", "fields": [{"path": "secret"}]}"#, file: "p.json").resolved()
        #expect(policy.detectors.isEmpty && policy.fieldRules.count == 1)
        let plan = try RedactionPlan(policy: policy)
        #expect(plan.redact(#"{"secret":"s","email":"a@b.io"}"#) == #"{"secret":"[REDACTED:secret]","email":"a@b.io"}"#)
    }

    @Test func fileRuleReplacesBuiltinRuleWithTheSamePath() throws {
        let policy = try PolicyFile.parse(#"{"fields": [{"path": "name", "kind": "person"}]}"#, file: "p.json").resolved()
        #expect(policy.fieldRules.filter { $0.path == ["name"] }.count == 1)
        let plan = try RedactionPlan(policy: policy)
        #expect(plan.redact(#"{"name":"Jo","email":"a@b.io"}"#) == #"{"name":"[REDACTED:person]","email":"[REDACTED:email]"}"#)
    }

    /// A rule's `except_under` keeps the value under those parents: nested or flattened keys.
    @Test func exceptUnderKeepsValuesUnderTheseParents() throws {
        let policy = try PolicyFile.parse(#"{"fields": [{"path": "name", "except_under": ["bot", "Build_Job"]}]}"#,
                                          file: "p.json").resolved()
        #expect(policy.fieldRules.first { $0.path == ["name"] }?.exceptUnder == ["bot", "Build_Job"])
        let plan = try RedactionPlan(policy: policy)
        #expect(plan.redact(#"{"bot":{"name":"B"},"buildJob.name":"j","user.name":"U","host.name":"h","name":"N"}"#)
            == #"{"bot":{"name":"B"},"buildJob.name":"j","user.name":"[REDACTED:name]","host.name":"[REDACTED:name]","name":"[REDACTED:name]"}"#)
        // At most 64 keys over all lists (a bit each).
        var many = RedactionPolicy.intercom
        many.fieldRules.append(FieldRule(path: ["x"], kind: "x", exceptUnder: (0..<64).map { "k\($0)" }))
        #expect(throws: PolicyError.self) { _ = try RedactionPlan(policy: many) }
        // The built-in rule: OpenTelemetry's and ECS's parents.
        #expect(RedactionPlan.intercom.redact(#"{"service.name":"api","host":{"name":"h"},"author":{"name":"A"}}"#)
            == #"{"service.name":"api","host":{"name":"h"},"author":{"name":"[REDACTED:name]"}}"#)
    }

    /// An edit keeps its rule or detector in 16 bits (`Edit`): rules past the first 256 redact
    /// under their own kinds, and a plan refuses more than `maxEntries`.
    @Test func editsKeepTheirRuleAndPlansHoldAtMostMaxEntries() throws {
        let n = 1000
        let policy = RedactionPolicy(fieldRules: (0..<n).map { FieldRule(path: ["k\($0)"], kind: "k\($0)") }, detectors: [])
        let plan = try RedactionPlan(policy: policy)
        #expect(plan.redact(#"{"k\#(n - 1)":"v","k300":1}"#) == #"{"k\#(n - 1)":"[REDACTED:k\#(n - 1)]","k300":"[REDACTED:k300]"}"#)
        let tooMany = RedactionPolicy(fieldRules: (0..<RedactionPlan.maxEntries + 1).map { _ in FieldRule(path: ["k"], kind: "k") },
                                      detectors: [])
        #expect(throws: PolicyError.self) { _ = try RedactionPlan(policy: tooMany) }
    }

    /// A policy file of thousands of rules compiles with each in its place (the first rule of a
    /// path decides; a second rule with that path is refused, however far apart they are). Its
    /// compile time is measured in Benchmarks/ (Policy/compile 16,384 field rules).
    /// `except_when_type_is` lifts its own rule only: an object of a type another rule excepts
    /// keeps nothing of this one's (it used to: the frame knew only that its type was excepted by
    /// some rule). At most 64 types over all rules.
    @Test func exceptedTypesLiftTheirOwnRuleOnly() throws {
        let policy = try PolicyFile.parse(#"""
            {"extends": "none", "fields": [{"path": "name", "except_when_type_is": ["tag"]},
                                           {"path": "email", "except_when_type_is": ["bot"]}]}
            """#, file: "p.json").resolved()
        let plan = try RedactionPlan(policy: policy)
        #expect(plan.redact(#"{"type":"tag","name":"vip","email":"a@b.io"}"#) == #"{"type":"tag","name":"vip","email":"[REDACTED:email]"}"#)
        #expect(plan.redact(#"{"name":"Jo","email":"a@b.io","type":"bot"}"#) == #"{"name":"[REDACTED:name]","email":"a@b.io","type":"bot"}"#)
        #expect(plan.redact(#"{"x":{"type":"bot"},"name":"Jo","email":"a@b.io"}"#) == #"{"x":{"type":"bot"},"name":"[REDACTED:name]","email":"[REDACTED:email]"}"#)
        var many = RedactionPolicy.intercom
        many.fieldRules.append(FieldRule(path: ["x"], kind: "x", exceptWhenTypeIs: (0..<57).map { "t\($0)" }))
        #expect(throws: PolicyError.self) { _ = try RedactionPlan(policy: many) }
    }

    @Test func bigPolicyFilesKeepEveryRuleInPlace() throws {
        let n = 4000
        func text(_ extra: String) -> String {
            let fields = (0..<n).map { #"{"path":"k\#($0).v\#($0)","kind":"x\#($0)","except_when_type_is":["t\#($0 % 50)"]}"# }
            return #"{"fields":["# + fields.joined(separator: ",") + extra + "]}"
        }
        let plan = try RedactionPlan(policy: PolicyFile.parse(text(""), file: "p.json").resolved())
        #expect(plan.redact(#"{"k3999":{"v3999":"a","v0":"b","type":"t1"},"k7":{"v7":1,"type":"t7"}}"#)
            == #"{"k3999":{"v3999":"[REDACTED:x3999]","v0":"b","type":"t1"},"k7":{"v7":1,"type":"t7"}}"#)
        #expect(throws: PolicyError.self) {
            _ = try PolicyFile.parse(text(#",{"path":"**.k0.v0"}"#), file: "p.json")
        }
    }

    @Test(arguments: [
        ("{\"fields\": [{\"path\": \"a\",\n\"except_under\": [\"x.y\"]}]}", "p.json:2: fields[0].except_under: keys, each without a dot"),
        ("{\n  \"action\": \"pseudonim\"\n}", "p.json:2: action: unknown action 'pseudonim'"),
        ("{\n  \"fields\": [\n    {\"path\": \"a\"},\n    {\"path\": \"b\", \"actoin\": \"token\"}\n  ]\n}", "p.json:4: unknown key 'actoin' in fields[1]"),
        ("{\n  \"fields\": [\n    {\"path\": \"a\",}\n  ]\n}", "p.json:3: column 18: expected a key in quotes"),
        ("{\"extends\": \"intercom\",\n\"exclude_fields\": [\"nope\"]}", "p.json:2: exclude_fields: no built-in field rule"),
        ("{\n\"fields\": [{\"path\": \"a.**\"}]}", "p.json:2: fields[0].path: a path cannot end in '**'"),
        ("{\n\n\"kinds\": {\"email\": {\"action\": \"token\", \"keep\": 2}}}", "p.json:3: 'keep' goes with the action partial"),
        ("{\"kinds\": {\"email\": \"pseudonym\"}}", "p.json: action pseudonym: needs a key"),
        ("{\n\"fields\": [{\"path\": \"*\"}]}", "p.json:2: fields[0] needs a kind"),
        ("{\"allowlist\": \"id\"}", "p.json:1: allowlist must be an array"),
        ("{\"fields\": [{\"path\": \"a.b\"},\n{\"path\": \"x\"}, {\"path\": [\"**\", \"a\", \"b\"]}]}",
         "p.json:2: fields[2]: another rule has the same path"),
        ("{\"kinds\": {\"email\": \"token\",\n\"email\": \"remove\"}}", "p.json:2: column 1: duplicate key 'email'"),
        ("{\n  \"patterns\": \"/nonexistent-redact-dir\"\n}", "p.json:2: patterns directory /nonexistent-redact-dir: cannot open"),
    ])
    func brokenPolicyIsRefusedWithFileLineAndReason(text: String, expected: String) {
        do {
            _ = try PolicyFile.parse(text, file: "p.json").resolved()
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    // MARK: - Pattern directories

    static func tempDir() -> String {
        var template = Array("/tmp/redact-policy-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    static func write(_ path: String, _ text: String) {
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
    }

    static let orderPattern = """
        # Order numbers.
        kind: order
        triggers: ord-
        options: caseless
        pattern:
        (?x)
        \\bORD-\\d{6}\\b
        positive:
        order «ORD-123456» shipped
        negative:
        ORD-12 is short
        """

    @Test func extraPatternsFromADirectory() throws {
        let dir = Self.tempDir()
        try FileManager.default.createDirectory(atPath: dir + "/patterns.d", withIntermediateDirectories: true)
        Self.write(dir + "/patterns.d/order.pcre2", Self.orderPattern)
        Self.write(dir + "/policy.json", #"{"patterns": "patterns.d"}"#)
        let plan = try RedactionPlan(policyFile: dir + "/policy.json")
        #expect(plan.redact("ord-654321 for a@b.io") == "[REDACTED:order] for [REDACTED:email]")
        var redactor = StreamRedactor(plan: plan)
        var out: [UInt8] = []
        Array("ORD-000001\n".utf8).withUnsafeBytes { redactor.feed($0, into: &out) }
        #expect(redactor.stats.findings["detector:order"]?.count == 1)
    }

    @Test func brokenPatternIsRefusedWithFileLineAndPCRE2Offset() throws {
        let dir = Self.tempDir()
        Self.write(dir + "/bad.pcre2", "kind: x\ntriggers: x\npattern:\n(?x)\n  abc\n  (def\npositive:\nabc\n")
        #expect {
            _ = try PolicyFile.loadPatterns(directory: dir)
        } throws: { error in
            let d = "\(error)"
            return d.hasPrefix(dir + "/bad.pcre2:6: PCRE2: missing closing parenthesis at pattern offset")
        }
        Self.write(dir + "/bad.pcre2", Self.orderPattern.replacingOccurrences(of: "«ORD-123456» shipped", with: "«ORD-12345» shipped"))
        #expect {
            _ = try PolicyFile.loadPatterns(directory: dir)
        } throws: { error in
            "\(error)" == dir + "/bad.pcre2:9: positive example is not matched as marked (redact --check-patterns shows the spans)"
        }
        Self.write(dir + "/bad.pcre2", "kind: x\ntriggers: x\nwhat: y\n")
        #expect {
            _ = try PolicyFile.loadPatterns(directory: dir)
        } throws: { error in
            "\(error)" == dir + "/bad.pcre2:3: unknown header 'what'"
        }
    }

    @Test func keyFromAFileNeverFromTheErrorText() throws {
        let dir = Self.tempDir()
        Self.write(dir + "/key", "short\n")
        #expect {
            _ = try PseudonymKeySource.file(dir + "/key").load(id: "k1")
        } throws: { error in
            let d = "\(error)"
            return d.contains("at least 16 bytes") && !d.contains("short")
        }
        Self.write(dir + "/key", "correct horse battery staple 42\n")
        let key = try PseudonymKeySource.file(dir + "/key").load(id: "k1")
        #expect(key.secret == ActionTests.secret)  // the trailing newline is not part of it
        #expect(throws: PolicyError.self) { try PseudonymKeySource.environment("REDACT_TEST_UNSET_VARIABLE").load(id: nil) }
    }
}

@Suite struct PatternHeaderTests {
    /// `#64;` (the HTML-entity @ trigger) is a trigger, not the start of an inline comment.
    @Test func hashTriggersAreNotComments() throws {
        let spec = try DetectorSpec.parse("kind: email   # a comment\ntriggers: @ #64; #x40; # comment\npattern:\nx\n", name: "t")
        #expect(spec.kind == "email")
        #expect(spec.triggers == [Array("@".utf8), Array("#64;".utf8), Array("#x40;".utf8)])
        #expect(RedactionPlan.intercom.detectors[0].spec.triggers.contains(Array("#64;".utf8)))
        #expect(RedactionPlan.intercom.redact("x jane&#64;example.com") == "x [REDACTED:email]")
    }
}
