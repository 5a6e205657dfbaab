// End-to-end tests of the policy flags: --policy, --patterns, --action, --key-file/--key-env,
// --report, --dry-run, --fail-on-find, and the refusal of a broken policy before any input is read.

import Foundation
import Testing

@Suite struct PolicyCLITests {
    static let sample = """
        2026-11-23T10:00:00Z INFO webhook {"type":"contact","id":"6571","email":"Jane.Roe@Example.com","phone":"+1 (415) 555-0123"}
        2026-11-23T10:00:01Z INFO reply {"type":"conversation_part","body":"<p>Write to jane.roe&#64;example.com or call tel:+14155550123</p>"}
        nothing to see here
        2026-11-23T10:00:02Z WARN bounce for JANE.ROE%40EXAMPLE.COM

        """

    static func setUp(_ name: String) -> String {
        let dir = CLI.temp(name)
        try? FileManager.default.removeItem(atPath: dir)
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/in.log", contents: Data(sample.utf8))
        FileManager.default.createFile(atPath: dir + "/key", contents: Data("correct horse battery staple 42\n".utf8))
        return dir
    }

    static func pseudonyms(_ text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: #"\[email:k1:[0-9a-f]{12}\]"#)
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
    }

    @Test func samePersonSamePseudonymInFieldsAndFreeText() {
        let d = Self.setUp("pseudo")
        let r = CLI.sh(#"cd "\#(d)" && "$REDACT" --action pseudonym --key-file key --key-id k1 in.log"#)
        #expect(r.status == 0, "\(r.stderr)")
        let found = Self.pseudonyms(r.text)
        #expect(found == Array(repeating: "[email:k1:0536b0eceaa6]", count: 3), "\(r.text)")
        #expect(r.text.components(separatedBy: "[phone:k1:33dae78d955e]").count == 3, "\(r.text)")
        for secret in ["jane", "JANE", "Jane", "555", "4155550123"] { #expect(!r.text.contains(secret)) }
        // From an environment variable: the same pseudonyms; the key never on the command line.
        let env = CLI.sh(#"cd "\#(d)" && REDACT_KEY="correct horse battery staple 42" "$REDACT" --action pseudonym --key-env REDACT_KEY --key-id k1 in.log"#)
        #expect(env.stdout == r.stdout)
    }

    @Test func policyFileWithPerKindActionsAndPatterns() {
        let d = Self.setUp("policy")
        try! FileManager.default.createDirectory(atPath: d + "/patterns.d", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: d + "/patterns.d/order.pcre2", contents: Data("""
            kind: order
            triggers: ord-
            pattern:
            (?x) \\bORD-\\d{6}\\b
            positive:
            order «ORD-123456» shipped

            """.utf8))
        FileManager.default.createFile(atPath: d + "/policy.json", contents: Data("""
            {
              "kinds": {"email": "pseudonym", "phone": "partial:4"},
              "fields": [{"path": "id", "kind": "contact_id", "action": "remove"}],
              "patterns": "patterns.d",
              "pseudonym": {"key_id": "k1", "key_file": "key"}
            }
            """.utf8))
        let r = CLI.sh(#"cd "\#(d)" && printf '{"id":"1","email":"jane.roe@example.com","phone":"+44 20 7946 0958","ref":"ORD-123456"}\n' | "$REDACT" --policy policy.json"#)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.text == #"{"email":"[email:k1:0536b0eceaa6]","phone":"***0958","ref":"[REDACTED:order]"}"# + "\n")
    }

    @Test func brokenPolicyIsRefusedBeforeAnyInputIsRead() {
        let d = Self.setUp("broken")
        FileManager.default.createFile(atPath: d + "/policy.json", contents: Data("{\n  \"fields\": [\n    {\"path\": \"a\", \"action\": \"pseudonim\"}\n  ]\n}\n".utf8))
        // Input is a FIFO nobody writes to: reading it would hang; the refusal must come first.
        let r = CLI.sh(#"cd "\#(d)" && rm -f fifo && mkfifo fifo && timeout 10 "$REDACT" --policy policy.json -o out.log fifo; echo "status $?""#)
        #expect(r.text == "status 78\n")
        #expect(r.stderr.contains("policy.json:3: fields[0].action: unknown action 'pseudonim'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: d + "/out.log"))
        // A pattern that does not compile: its file, line and the PCRE2 error with its offset.
        try! FileManager.default.createDirectory(atPath: d + "/bad", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: d + "/bad/x.pcre2", contents: Data("kind: x\ntriggers: x\npattern:\n(?x)\n  a(b\n".utf8))
        let p = CLI.sh(#"cd "\#(d)" && "$REDACT" --patterns bad in.log"#)
        #expect(p.status == 78 && p.stdout.isEmpty)
        #expect(p.stderr.contains("bad/x.pcre2:5: PCRE2: missing closing parenthesis at pattern offset"), "\(p.stderr)")
        // Pseudonyms without a key; a key file that is too short (and never echoed).
        let k = CLI.sh(#"cd "\#(d)" && "$REDACT" --action pseudonym in.log"#)
        #expect(k.status == 78 && k.stderr.contains("needs a key"))
        let s = CLI.sh(#"cd "\#(d)" && printf 'tiny' > short && "$REDACT" --action pseudonym --key-file short in.log"#)
        #expect(s.status == 78 && s.stderr.contains("at least 16 bytes") && !s.stderr.contains("tiny"))
        let both = CLI.sh(#"cd "\#(d)" && "$REDACT" --key-file key --key-env X in.log"#)
        #expect(both.status == 64)
    }

    @Test func reportDryRunAndFailOnFind() throws {
        let d = Self.setUp("report")
        let r = CLI.sh(#"cd "\#(d)" && "$REDACT" --report report.json --fail-on-find -o out.log in.log"#)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(CLI.read(d + "/out.log").count > 0)
        let report = CLI.read(d + "/report.json")
        let doc = try #require(try JSONSerialization.jsonObject(with: report) as? [String: Any])
        #expect(doc["found"] as? Bool == true && doc["lines"] as? Int == 4)
        let fields = try #require(doc["fields"] as? [[String: Any]])
        #expect(fields.contains { $0["path"] as? String == "email" && $0["lines"] as? [Int] == [1] })
        let detectors = try #require(doc["detectors"] as? [[String: Any]])
        #expect(detectors.contains { $0["name"] as? String == "email" && $0["lines"] as? [Int] == [2, 4] })
        let text = String(decoding: report, as: UTF8.self)
        for secret in ["jane", "JANE", "Jane", "555", "example"] { #expect(!text.contains(secret)) }

        // Dry run: the report on standard output, no redacted output.
        let dry = CLI.sh(#"cd "\#(d)" && "$REDACT" --dry-run in.log"#)
        #expect(dry.status == 0)
        #expect(dry.stdout == report)
        #expect(CLI.sh(#"cd "\#(d)" && "$REDACT" --dry-run -o x.log in.log"#).status == 64)

        // Clean input: exit 0; an input error wins over "found".
        #expect(CLI.sh(#"echo "nothing here" | "$REDACT" --fail-on-find"#).status == 0)
        #expect(CLI.sh(#"cd "\#(d)" && "$REDACT" --fail-on-find in.log missing.log > /dev/null"#).status == 66)
    }

    @Test func removeKeepsJSONValid() {
        let d = Self.setUp("remove")
        let r = CLI.sh(#"cd "\#(d)" && printf '{"id":1,"email":"a@b.io","name":"Jo","plan":"pro"}\n{"location":{"city":"Cork"},"ip":"10.0.0.1"}\n' | "$REDACT" --action remove | jq -c ."#)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.text == "{\"id\":1,\"plan\":\"pro\"}\n{}\n")
    }

    @Test func reportLineNumbersAcrossParallelChunks() throws {
        let d = Self.setUp("parallel")
        // 120,000 lines (several MB, several chunks): an address on every 1000th line.
        // With the default partial-line timeout: it must never fire while input is flowing (a busy
        // run that cut a line in two would shift every line number after it).
        let r = CLI.sh(#"""
            cd "\#(d)" && awk 'BEGIN { for (i = 1; i <= 120000; i++) { if (i % 1000 == 0) print "line " i " mail user" i "@example.com"; else print "2026-11-23T10:00:00Z INFO request " i " ok status=200 bytes=51234 took 12ms" } }' > big.log &&
            "$REDACT" --threads 2 --dry-run big.log
            """#)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let detectors = try #require(doc["detectors"] as? [[String: Any]])
        let email = try #require(detectors.first { $0["name"] as? String == "email" })
        #expect(email["count"] as? Int == 120)
        #expect(email["lines"] as? [Int] == (1...120).map { $0 * 1000 })
        #expect(doc["lines"] as? Int == 120_000)
    }

    /// More lines with a finding than the report lists (1000), over many chunks, with
    /// pretty-printed documents that chunks start inside (redone on two threads): `--report` and
    /// `--dry-run` give the same report on one thread and on two, with the first 1000 line numbers
    /// of each finding, ascending.
    @Test func reportIsTheSameOnOneAndTwoThreads() throws {
        let d = Self.setUp("report-threads")
        let gen = CLI.sh(#"""
            cd "\#(d)" && awk 'BEGIN { for (i = 1; i <= 40000; i++) { if (i % 23 == 0) { print "{"; print "  \"type\": \"contact\","; print "  \"location\": {"; print "    \"city\": \"Dublin\","; print "    \"country\": \"Ireland\""; print "  },"; print "  \"note\": \"mail ops" i "@example.com\""; print "}" } else if (i % 3 == 0) print "2026-11-23T10:00:00Z INFO request " i " from user" i "@example.com ok status=200 bytes=51234 took 12ms"; else print "2026-11-23T10:00:00Z INFO request " i " ok status=200 bytes=51234 took 12ms padding padding" } }' > big.log
            """#)
        #expect(gen.status == 0)
        let one = CLI.sh(#"cd "\#(d)" && "$REDACT" --threads 1 --dry-run big.log"#)
        #expect(one.status == 0, "\(one.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: one.stdout) as? [String: Any])
        let findings = try #require(doc["detectors"] as? [[String: Any]]) + (try #require(doc["fields"] as? [[String: Any]]))
        let email = try #require(findings.first { $0["name"] as? String == "email" })
        #expect((email["count"] as? Int ?? 0) > 2000)
        #expect(findings.contains { $0["path"] as? String == "location" && ($0["count"] as? Int ?? 0) > 2000 })
        for f in findings {
            let lines = try #require(f["lines"] as? [Int]), count = try #require(f["count"] as? Int)
            #expect(lines.count <= min(count, 1000))
            #expect(zip(lines, lines.dropFirst()).allSatisfy { $0 < $1 }, "ascending, each once")
            #expect(f["lines_truncated"] as? Bool == (count > lines.count))
        }
        // The first 1000 lines with an address, as grep numbers them.
        let first = CLI.sh(#"cd "\#(d)" && grep -n '@' big.log | head -n 1000 | cut -d: -f1"#)
        #expect(email["lines"] as? [Int] == first.text.split(separator: "\n").map { Int($0)! })
        for run in 0..<3 {
            let two = CLI.sh(#"cd "\#(d)" && "$REDACT" --threads 2 --dry-run big.log"#)
            #expect(two.status == 0, "\(two.stderr)")
            #expect(two.stdout == one.stdout, "dry run \(run): two threads report what one does")
            let r = CLI.sh(#"cd "\#(d)" && "$REDACT" --threads 2 --report report.json big.log > /dev/null"#)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(CLI.read(d + "/report.json") == one.stdout, "report \(run): two threads report what one does")
        }
    }
}
