import Testing
@testable import Redact
#if canImport(Glibc)
import Glibc
#endif

/// The detectors in patterns/: their examples, and the binary's built-in copy.
@Suite struct PatternTests {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/RedactTests/PatternTests.swift
        return parts.joined(separator: "/")
    }()

    static func readFile(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            data += buf[0..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func patternFiles() -> [String] {
        guard let d = opendir(root + "/patterns") else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name.hasSuffix(".pcre2") { names.append(name) }
        }
        return names.sorted()
    }

    @Test func builtinCopyMatchesPatternsDirectory() {
        let files = Self.patternFiles()
        #expect(!files.isEmpty)
        #expect(files == BuiltinPatterns.files.map(\.name), "run scripts/embed-patterns")
        for (name, text) in BuiltinPatterns.files {
            let disk = Self.readFile(Self.root + "/patterns/" + name)
            #expect(disk == text + "\n", "\(name): built-in copy differs from patterns/; run scripts/embed-patterns")
        }
    }

    @Test func everyDetectorHasExamples() {
        for d in RedactionPlan.intercom.detectors {
            #expect(d.spec.positives.count >= 2, "\(d.spec.name)")
            #expect(d.spec.negatives.count >= 2, "\(d.spec.name)")
        }
        #expect(Set(RedactionPlan.intercom.detectors.map(\.spec.kind)).isSuperset(of: ["email", "phone"]))
    }

    /// Every positive example yields exactly its marked spans and every negative one nothing, run
    /// through the engine by `PatternCheck` (the same check as `redact --check-patterns`).
    @Test(arguments: RedactionPlan.intercom.detectors.indices)
    func examplesMatchExactly(_ index: Int) {
        let spec = RedactionPlan.intercom.detectors[index].spec
        let result = PatternCheck.examples(ofDetector: index, in: .intercom, file: spec.name)
        #expect(result.positives == spec.positives.count && result.negatives == spec.negatives.count)
        for failure in result.failures { Issue.record(Comment(rawValue: failure.quotedDescription)) }
    }

    /// Each example remembers its line in the file: the line, marks removed, is the example.
    @Test func examplesKnowTheirLineNumbers() {
        for (name, text) in BuiltinPatterns.files {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
            let spec = RedactionPolicy.builtinDetectors.first { $0.name == name }!
            #expect(spec.negativeLineNumbers.count == spec.negatives.count)
            for ex in spec.positives {
                let unmarked = lines[ex.lineNumber - 1].filter { $0 != 0xC2 && $0 != 0xAB && $0 != 0xBB }
                #expect(unmarked == ex.line.filter { $0 != 0xC2 && $0 != 0xAB && $0 != 0xBB }, "\(name):\(ex.lineNumber)")
            }
            for (ex, n) in zip(spec.negatives, spec.negativeLineNumbers) {
                #expect(lines[n - 1] == ex, "\(name):\(n)")
            }
        }
    }

    /// A failing example is reported with its file, line, kind and both span lists; the plain
    /// description gives offsets only.
    @Test func failingExamplesAreReportedWithLineAndSpans() throws {
        let file = """
            # Order numbers.
            kind: order
            triggers: ord-
            pattern:
            (?x) \\bORD-\\d{6}\\b
            positive:
            order «ORD-123456» shipped
            «ORD-12345» is five digits
            ORD-123456

            negative:
            ORD-12 is short
            see ORD-654321 too
            """
        let result = try PatternCheck.check(text: file, name: "order.pcre2", path: "dir/order.pcre2")
        #expect(result.positives == 3 && result.negatives == 2)
        #expect(result.failures == [
            PatternExampleFailure(file: "dir/order.pcre2", line: 8, kind: .positive, example: bytes("ORD-12345 is five digits"),
                                  want: [0..<9], got: []),
            PatternExampleFailure(file: "dir/order.pcre2", line: 13, kind: .negative, example: bytes("see ORD-654321 too"),
                                  want: [], got: [4..<14]),
        ])
        #expect(result.failures.map(\.description) == [
            "dir/order.pcre2:8: positive example: want 0..<9, got nothing",
            "dir/order.pcre2:13: negative example: want nothing, got 4..<14",
        ])
        #expect(result.failures[1].quotedDescription == "dir/order.pcre2:13: negative: want (nothing) got «ORD-654321»\n    in: see ORD-654321 too")
        // Loading the file as an extra detector refuses it at the first failing example.
        #expect {
            _ = try PolicyFile.checkPattern(file, name: "order.pcre2", path: "dir/order.pcre2")
        } throws: { error in
            "\(error)" == "dir/order.pcre2:8: positive example is not matched as marked (redact --check-patterns shows the spans)"
        }
    }

    /// The digits callout backtracks to the longest match within MAX digits, and digits inside
    /// escapes do not count: what the PCRE2 tools alone cannot check.
    @Test func builtinPhoneExamplesThatNeedTheEngine() throws {
        let index = try #require(RedactionPlan.intercom.detectors.firstIndex { $0.spec.kind == "phone" })
        var r = LineRedactor(plan: .intercom)
        #expect(r.detectorMatches(index, in: bytes("+44 20 7946 0958 200 85342")) == [0..<16])
        #expect(r.detectorMatches(index, in: bytes("+49 30 1234567 1638931400")) == [0..<14])
        #expect(r.detectorMatches(index, in: bytes("tel 2026-11-23 0958 ext. &#43;2(0)020")).isEmpty)
    }

    /// Paths: a directory stands for its *.pcre2 files in name order, a file for itself; missing
    /// paths, empty directories and broken files are errors naming them.
    @Test func checkPathsOfDirectoriesAndFiles() throws {
        var template = Array("/tmp/redact-patcheck-XXXXXX".utf8CString)
        let dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        func write(_ name: String, _ text: String) {
            let f = fopen(dir + "/" + name, "wb")!
            fputs(text, f)
            fclose(f)
        }
        write("b.pcre2", "kind: b\ntriggers: b\npattern:\nb+\npositive:\nx «bb» y\nnegative:\naaa\n")
        write("a.pcre2", "kind: a\ntriggers: a\npattern:\na+\npositive:\n«aa» b\nnegative:\nbbb a\n")
        write("c.txt", "kind: c\ntriggers: c\npattern:\n(c\n")
        mkdir(dir + "/empty", 0o755)
        let results = PatternCheck.check(paths: [dir, dir + "/c.txt", dir + "/missing.pcre2", dir + "/empty"])
        #expect(results.count == 5)
        guard results.count == 5 else { return }
        let a = try results[0].get(), b = try results[1].get()
        #expect(a.file == dir + "/a.pcre2" && a.spec.kind == "a")
        #expect(a.failures.map(\.line) == [8] && a.failures.first?.got == [4..<5])
        #expect(b.file == dir + "/b.pcre2" && b.passed)
        for (result, source) in zip(results[2...], [dir + "/c.txt:4", "pattern file " + dir + "/missing.pcre2", "patterns directory " + dir + "/empty"]) {
            guard case .failure(let e) = result else { Issue.record("\(source) was checked"); continue }
            #expect(e.source == source)
        }
    }

    /// `digits: MIN-MAX` counts the digits a reader sees: not those of an escaped plus or space.
    /// The engine's check and the pattern's callout share the counting function.
    @Test func digitBoundsSkipEscapes() {
        let cases: [(String, Int)] = [
            ("+44 20 7946 0958", 12), ("&#43;44 20 7946 0958", 12), ("&#x2B;1 415", 4),
            ("%2B14155550123", 11), ("%2b44%2020%207946", 8), ("\\u002b44 20", 4), ("\\\\u002B1", 1),
            ("&#43;2(0)020", 5), ("%41%3A1234", 7), ("50%", 2), ("&#;12", 2), ("\\u12", 2), ("&#4", 0),
        ]
        for (text, digits) in cases {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                #expect(LineRedactor.digitsOK(digits...digits, p, 0, b.count), "\(text) holds \(digits) digits")
                #expect(!LineRedactor.digitsOK((digits + 1)...(digits + 1), p, 0, b.count))
            }
        }
    }

    @Test func headerCommentsNeedASpaceAfterTheHash() throws {
        let spec = try DetectorSpec.parse("kind: x # the kind\ntriggers: @ #64; &#x40; # comment\npattern:\na\n", name: "t")
        #expect(spec.kind == "x")
        #expect(spec.triggers == [bytes("@"), bytes("#64;"), bytes("&#x40;")])
    }

    @Test func matchBytesHeader() throws {
        let spec = try DetectorSpec.parse("kind: x\ntriggers: @\nmatch-bytes: a-c _ 0x23 - 0xf0-0xff\npattern:\na\n", name: "t")
        let set = try #require(spec.matchBytes)
        func has(_ b: UInt8) -> Bool { set[Int(b >> 6)] >> UInt64(b & 63) & 1 != 0 }
        for b in Array("abc_#-".utf8) + [0xF0, 0xFF] { #expect(has(b), "\(b)") }
        for b in Array("dA@ .".utf8) + [0xEF, 0x80] { #expect(!has(b), "\(b)") }
        for bad in ["z-a", "abc", "0x1", "0xzz"] {
            #expect(throws: PatternFileError.self) {
                try DetectorSpec.parse("kind: x\ntriggers: @\nmatch-bytes: \(bad)\npattern:\na\n", name: "t")
            }
        }
    }

    /// The built-in plan with no detector's `match-bytes:`: every span searched whole, every line
    /// with a trigger scanned.
    static func intercomWithoutMatchBytes() throws -> RedactionPlan {
        var whole = RedactionPolicy.intercom
        whole.detectors = whole.detectors.map { var d = $0; d.matchBytes = nil; return d }
        return try RedactionPlan(policy: whole)
    }

    /// A detector with `match-bytes:` searches only the runs of those bytes around its triggers:
    /// on lines of addresses in every encoding, glued to text, JSON, HTML and other addresses, it
    /// finds exactly what the same pattern finds searching whole spans.
    @Test func matchBytesWindowsFindWhatWholeSpansFind() throws {
        #expect(RedactionPolicy.intercom.detectors.contains { $0.matchBytes != nil })
        let plainPlan = try Self.intercomWithoutMatchBytes()
        let index = try #require(RedactionPlan.intercom.detectors.firstIndex { $0.spec.kind == "email" })
        var windowed = LineRedactor(plan: .intercom)
        var plain = LineRedactor(plan: plainPlan)
        let pieces = ["jane@example.com", "jane%40example.com", "j&#64;x.io", "j&amp;#x40;x.io", "a\\u0040b.org",
                      "x＠y.jp", "mailto:bob@x.io", "bob@host:path", "git@github.com:org", "@", "%40", "&commat;",
                      " ", "\"", ":", ",", "<p>", "</p>", "é", "用户@例子.广告", "\\n", "%2B", "icon@2x.png", ".",
                      "-", "_", "+", "x", "123", "{\"email\":\"", "=", "/", "//", "%22", "\\u003c"]
        var r = RNG(state: 21)
        for _ in 0..<4000 {
            var line = ""
            for _ in 0..<(1 + r.int(10)) { line += r.pick(pieces) }
            let bytes = Array(line.utf8)
            #expect(windowed.detectorMatches(index, in: bytes) == plain.detectorMatches(index, in: bytes), "\(line)")
        }
    }

    /// A JSON line whose only trigger is a windowed detector's skips the scanner when no window can
    /// match (`mayMatchAroundHits`): on random lines of JSON, escaped JSON, `@` that are no e-mail and
    /// addresses, the output is the one of a plan whose e-mail detector has no match bytes (every
    /// such line scanned), in every chunk size.
    @Test func linesSkippedBeforeTheScannerAreTheOnesItLeavesAlone() throws {
        let plainPlan = try Self.intercomWithoutMatchBytes()
        let pieces = ["{\"repo\":\"", "git@github.com:org/x.git", "\"}", "{\"m\":\"{\\\"a\\\":\\\"", "\\\"}\"}",
                      "medium.com/@team", "jane@x.io", "j\\u0040x.io", "@", "%40", "[", "]", "{", "}", " ", "\"",
                      "\\", ":", ",", "x", "io", ".", "-", "icon@2x.png", "bob@host:22", "&#64;", "<a href=\\\"", "a@b"]
        var r = RNG(state: 33)
        var input: [UInt8] = []
        for _ in 0..<1500 {
            var line = ""
            for _ in 0..<(1 + r.int(12)) { line += r.pick(pieces) }
            input += bytes(line + "\n")
        }
        let expected = redactChunked(input, size: 0, plan: plainPlan).out
        #expect(expected != input)
        for size in [0, 1, 2, 3, 5, 8, 13, 64, 1000] {
            #expect(redactChunked(input, size: size).out == expected, "size \(size)")
        }
    }

    /// The look before the scanner searches a hit's run with every end a span of the line can have:
    /// a pattern whose lookahead refuses the quote or backslash that ends a string still matches
    /// there, as in the scanner (which sees the span's end as the subject's end); with any refused
    /// byte, the output is the one of the same pattern without match bytes (every line scanned).
    @Test func theLookBeforeTheScannerSeesEverySpanEnd() throws {
        func plan(refusing refused: String, matchBytes: Bool) throws -> RedactionPlan {
            let spec = try DetectorSpec.parse("kind: t\ntriggers: @\n" + (matchBytes ? "match-bytes: a-z . @ \\\n" : "")
                                              + "pattern:\n[a-z]+@[a-z]+\\.io(?!\(refused))\n", name: "t.pcre2")
            return try RedactionPlan(policy: RedactionPolicy(fieldRules: [], detectors: [spec]))
        }
        for (refused, line, expected) in [
            ("\"", "{\"a\":\"jane@x.io\"}", "{\"a\":\"[REDACTED:t]\"}"),
            ("\\\\", "{\"m\":\"{\\\"a\\\":\\\"jane@x.io\\\"}\"}", "{\"m\":\"{\\\"a\\\":\\\"[REDACTED:t]\\\"}\"}"),
        ] {
            let windowed = try plan(refusing: refused, matchBytes: true)
            for size in [0, 1, 2, 3, 7] {
                #expect(text(redactChunked(bytes(line + "\n"), size: size, plan: windowed).out) == expected + "\n", "\(line) size \(size)")
            }
        }
        let lines = ["{\"a\":\"jane@x.io\"}", "{\"m\":\"{\\\"a\\\":\\\"jane@x.io\\\"}\"}", "to jane@x.io{\"k\":1}",
                     "{\"a\":[1, jane@x.io]}", "{\"a\":1} jane@x.io: ok", "{\"a\":\"jane@x.io \\\\\"}", "{} jane@x.io"]
        let input = bytes(lines.joined(separator: "\n") + "\n")
        for refused in ["\"", "\\\\", "\\{", "\\[", "\\]", "\\}", ":", " ", "\\\\\"", "\\\\\\\\"] {
            let expected = redactChunked(input, size: 0, plan: try plan(refusing: refused, matchBytes: false)).out
            for size in [0, 1, 2, 5] {
                #expect(redactChunked(input, size: size, plan: try plan(refusing: refused, matchBytes: true)).out == expected,
                        "refusing \(refused), size \(size)")
            }
        }
    }

    @Test func everyTriggerOfTheBuiltinEmailDetectorIsLoaded() {
        let email = RedactionPlan.intercom.detectors.first { $0.spec.kind == "email" }!
        for t in ["@", "%40", "#64;", "#x40;", "&commat;", "\\u0040"] {
            #expect(email.spec.triggers.contains(bytes(t)), "trigger \(t)")
        }
        for line in ["jane&#64;example.io", "jane&#x40;example.io", "jane&commat;example.io"] {
            #expect(RedactionPlan.intercom.redact(line) == "[REDACTED:email]", "\(line)")
        }
    }

    @Test func brokenPatternIsRefusedWithItsOffset() {
        let file = "kind: x\ntriggers: @\npattern:\n(?x) ab(c\npositive:\nabc\n"
        do {
            let spec = try DetectorSpec.parse(file, name: "broken.pcre2")
            _ = try RedactionPlan(policy: RedactionPolicy(fieldRules: [], detectors: [spec]))
            Issue.record("a broken pattern compiled")
        } catch let e as PolicyError {
            #expect(e.source == "pattern broken.pcre2")
            #expect(e.reason.contains("offset"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(throws: PatternFileError.self) { try DetectorSpec.parse("kind: x\npattern:\na\n", name: "t") }
    }

    @Test func matchLimitFailsClosed() throws {
        let spec = try DetectorSpec.parse("kind: evil\ntriggers: a\npattern:\n(?:a|aa)+$\n", name: "evil.pcre2")
        let plan = try RedactionPlan(policy: RedactionPolicy(fieldRules: [], detectors: [spec]))
        let line = String(repeating: "a", count: 5000) + "b tail\n"
        var r = StreamRedactor(plan: plan)
        var out: [UInt8] = []
        bytes(line).withUnsafeBytes { r.feed($0, into: &out) }
        #expect(r.stats.limitMasks == 1)
        #expect(out == bytes("[REDACTED:evil]\n"), "the span that hit the limit must be masked")
    }
}
