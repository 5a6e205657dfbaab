// End-to-end tests: run the built `redact` binary on the fixture files in Tests/Fixtures, alone
// and in pipelines with real tools (zstd, head).

import Foundation
import Testing

enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures")

    /// The `redact` next to the running test bundle (same build configuration), else the
    /// package's debug build.
    static let binary: String = {
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let candidate = URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("redact").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/redact").path
    }()

    static let scratch: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("redact-cli-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
    static func temp(_ name: String) -> String { scratch.appendingPathComponent(name).path }
    static func read(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs a bash script with `$REDACT` (the binary), `$FIX` (fixtures) and `$TMP` (scratch)
    /// set; `set -o pipefail` is not used, so a pipeline's status is its last command's unless
    /// the script says otherwise.
    /// Writes `doc` to `$TMP/NAME.log` and redacts it with `--threads 1` from the file and with
    /// `--threads 2` (from the file, or `viaPipe` through `cat |`); expects both to succeed and to
    /// give the same bytes (over 1 MB). Returns both runs and the output.
    static func oneAndTwoThreads(_ doc: String, _ name: String, flags: String = "",
                                 viaPipe: Bool = false) throws -> (one: Result, two: Result, out: Data) {
        try doc.write(toFile: temp(name + ".log"), atomically: false, encoding: .utf8)
        let one = sh("\"$REDACT\" --threads 1 \(flags) \"$TMP/\(name).log\" > \"$TMP/\(name)1.out\"")
        let two = sh(viaPipe ? "cat \"$TMP/\(name).log\" | \"$REDACT\" --threads 2 \(flags) > \"$TMP/\(name)2.out\""
                             : "\"$REDACT\" --threads 2 \(flags) \"$TMP/\(name).log\" > \"$TMP/\(name)2.out\"")
        #expect(one.status == 0 && two.status == 0)
        let out1 = read(temp(name + "1.out")), out2 = read(temp(name + "2.out"))
        #expect(out1.count > 1_000_000 && out1 == out2)
        return (one, two, out1)
    }

    static func sh(_ script: String) -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        var env = ProcessInfo.processInfo.environment
        env["REDACT"] = binary
        env["FIX"] = fixtures.path
        env["TMP"] = scratch.path
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try! p.run()
        // Read both streams concurrently so neither pipe fills up.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let done = DispatchSemaphore(value: 0)
        let errHandle = err.fileHandleForReading
        Thread {
            errBox.data = errHandle.readDataToEndOfFile()
            done.signal()
        }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: outData, stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    /// A few MB of realistic lines: the fixtures repeated, each copy followed by lines with
    /// pseudo-random ids so that it does not compress to nothing.
    static let bigInput: String = generated("big.log", bytes: 4 << 20)
    /// About 1 MB of the same (for tests that redact all of it: the debug engine is slow).
    static let mediumInput: String = generated("medium.log", bytes: 1 << 20)

    static func generated(_ name: String, bytes: Int) -> String {
        let path = temp(name)
        if !FileManager.default.fileExists(atPath: path) {
            let one = read(fixture("intercom-sample.log")) + Data("\n".utf8) + read(fixture("examples.log"))
            var all = Data()
            var state: UInt64 = 42
            var copy = 0
            while all.count < bytes {
                all += one
                for _ in 0..<8 {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    all += Data("2026-11-23T10:00:01.000Z INFO [gen] copy=\(copy) trace_id=\(String(state, radix: 16)) ok\n".utf8)
                }
                copy += 1
            }
            _ = FileManager.default.createFile(atPath: path, contents: all)
        }
        return path
    }
}

@Suite struct CLITests {
    @Test func theIssueExamplesHoldExactly() {
        let r = CLI.sh("\"$REDACT\" \"$FIX/examples.log\"")
        #expect(r.status == 0)
        #expect(r.stdout == CLI.read(CLI.fixture("examples.expected")))
        #expect(r.stderr.isEmpty)
    }

    @Test func stdinFilesAndDashAgree() {
        let viaStdin = CLI.sh("\"$REDACT\" < \"$FIX/intercom-sample.log\"")
        let viaFile = CLI.sh("\"$REDACT\" \"$FIX/intercom-sample.log\"")
        let viaDash = CLI.sh("cat \"$FIX/intercom-sample.log\" | \"$REDACT\" -")
        let viaPipe = CLI.sh("cat \"$FIX/intercom-sample.log\" | \"$REDACT\" --threads 1")
        #expect(viaStdin.status == 0)
        #expect(!viaStdin.stdout.isEmpty)
        #expect(viaFile.stdout == viaStdin.stdout)
        #expect(viaDash.stdout == viaStdin.stdout)
        #expect(viaPipe.stdout == viaStdin.stdout)
        // Files are one stream, like cat: `redact a - b` == `cat a stdin b | redact`.
        let joined = CLI.sh(
            "\"$REDACT\" \"$FIX/examples.log\" - \"$FIX/examples.log\" < \"$FIX/intercom-sample.log\"")
        let catted = CLI.sh(
            "cat \"$FIX/examples.log\" \"$FIX/intercom-sample.log\" \"$FIX/examples.log\" | \"$REDACT\"")
        #expect(joined.status == 0)
        #expect(joined.stdout == catted.stdout)
    }

    @Test func lineEndingsAndTheMissingFinalNewlineAreKept() {
        let input = CLI.read(CLI.fixture("intercom-sample.log"))
        let r = CLI.sh("\"$REDACT\" \"$FIX/intercom-sample.log\"")
        #expect(r.stdout.last != UInt8(ascii: "\n"))
        #expect(r.stdout.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
            == input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count)
        #expect(r.text.contains("nothing personal\r\n"))
        #expect(r.text.hasSuffix("last line without a final newline, order 1234567"))
        let crlf = CLI.sh("printf 'a\\r\\nb\\r\\n\\r\\nc' | \"$REDACT\"")
        #expect(crlf.stdout == Data("a\r\nb\r\n\r\nc".utf8))
        let empty = CLI.sh("\"$REDACT\" < /dev/null")
        #expect(empty.status == 0 && empty.stdout.isEmpty)
    }

    @Test func missingFileIsExit66NamingTheFileAndTheOthersAreStillRead() {
        let r = CLI.sh("\"$REDACT\" \"$FIX/examples.log\" \"$TMP/does-not-exist.log\" \"$FIX/examples.log\"")
        #expect(r.status == 66)
        #expect(r.stderr.contains("does-not-exist.log"))
        #expect(r.stderr.contains("No such file or directory"))
        let twice = CLI.sh("cat \"$FIX/examples.log\" \"$FIX/examples.log\" | \"$REDACT\"")
        #expect(r.stdout == twice.stdout)
        let dir = CLI.sh("\"$REDACT\" \"$TMP\"")
        #expect(dir.status == 66)
        #expect(dir.stderr.contains("Is a directory"))
    }

    @Test(arguments: [
        "--bogus", "--threads 0", "--threads x", "--max-record-size 12XB", "--decompress maybe",
        "--level 3", "--compress --level 99", "--max-record-size",
    ])
    func usageErrorsAreExit64WithUsage(flags: String) {
        let r = CLI.sh("\"$REDACT\" \(flags) < \"$FIX/examples.log\"")
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("Usage: redact"))
    }

    @Test func helpDocumentsTheExitCodes() {
        let r = CLI.sh("\"$REDACT\" --help")
        #expect(r.status == 0)
        for code in ["64", "65", "66", "73", "74", "141"] { #expect(r.text.contains(code)) }
    }

    @Test func maxRecordSizeAcceptsSuffixes() {
        for value in ["65536", "64KiB", "64K", "1MiB", "2M"] {
            let r = CLI.sh("\"$REDACT\" --max-record-size \(value) \"$FIX/intercom-sample.log\"")
            #expect(r.status == 0, "\(value)")
        }
    }

    @Test func statsAreCountsAndNeverValues() {
        let r = CLI.sh("\"$REDACT\" --stats \"$FIX/intercom-sample.log\" \"$FIX/examples.log\"")
        #expect(r.status == 0)
        for label in ["lines", "bytes in", "bytes out", "redactions", "oversized records", "limit masks",
                      "partial flushes", "partial masks", "elapsed", "MB/s"] {
            #expect(r.stderr.contains(label), "\(label)")
        }
        let inputBytes = CLI.read(CLI.fixture("intercom-sample.log")).count + CLI.read(CLI.fixture("examples.log")).count
        #expect(r.stderr.contains("\(inputBytes)"))
        // Not one value or line of the input.
        for secret in ["maria.lopez", "example.com", "example.org", "612 345", "555-0", "Tanaka", "Madrid",
                       "Dublin", "123-45-6789", "conversation", "billing", "GET /"] {
            #expect(!r.stderr.contains(secret), "\(secret)")
        }
        #expect(r.stderr.contains("email"))
        #expect(r.stderr.contains("location"))
        #expect(!r.stderr.contains("redactions          0"))
    }

    /// Documents spread over lines (Node's `console.log`, PHP's `var_export`, Rust's `{:#?}`, a
    /// pretty-printed SOAP envelope, with an address whose text goes on at the first column, YAML's
    /// blocks) in a file of several chunks: two threads (chunks redacted from
    /// a guessed state, redone when a document straddles them) give the bytes one thread gives, and
    /// nothing of the values inside a redacted container or under a path is left.
    @Test func documentsOverLinesAcrossChunks() throws {
        let cases: [(name: String, document: (Int) -> String, secrets: [String], kept: [String])] = [
            ("node", { i in
                "2026-11-24T06:00:00Z info: contact created {\n  type: 'contact',\n  name: 'Jane Doe',\n"
                    + "  location: {\n    city: 'Dublin',\n    zip: \(10_000 + i)\n  },\n"
                    + "  custom_attributes: { plan: 'pro', ssn: '123-45-\(i)' },\n  tags: [ { type: 'tag', name: 'VIP' } ]\n}\n"
            }, ["Jane", "Dublin", "123-45-", "zip: 1"], ["name: 'VIP'", "plan: 'pro'"]),
            ("php-rust", { i in
                "[2026-11-24 06:00:00] app.INFO: contact\narray (\n  'name' => 'Jane Doe',\n  'location' => \n  array (\n"
                    + "    'city' => 'Dublin',\n    'zip' => \(10_000 + i),\n  ),\n  'custom_attributes' => \n  array (\n"
                    + "    'plan' => 'pro',\n    'ssn' => '123-45-\(i)',\n  ),\n)\n"
                    + "Contact {\n    name: \"Jane Doe\",\n    location: Location {\n        city: \"Dublin\",\n"
                    + "        zip: \(20_000 + i),\n    },\n    custom_attributes: Attrs {\n        plan: \"pro\",\n"
                    + "        ssn: \"123-45-\(i)\",\n    },\n}\n"
            }, ["Jane", "Dublin", "123-45-", "=> 1", "zip: 2"], ["'plan' => 'pro'", "plan: \"pro\""]),
            ("xml", { i in
                "2026-11-24 06:00:00 WARN soap: CreateContact failed: <soap:Envelope>\n  <soap:Body>\n    <Contact>\n"
                    + "      <Name>Jane Doe</Name>\n      <Location>\n        <City>Dublin</City>\n      </Location>\n"
                    + "      <CustomAttributes>\n        <Plan>pro</Plan>\n        <SSN>123-45-\(i)</SSN>\n"
                    + "        <Address>\n          1 Main St\n        </Address>\n"
                    + "        <Address>2 Side St\nSpringfield \(i)\nIreland</Address>\n      </CustomAttributes>\n"
                    + "    </Contact>\n  </soap:Body>\n</soap:Envelope>\n"
            }, ["Jane", "Dublin", "123-45-", "Main St", "Side St", "Springfield", "Ireland"],
             ["<Plan>pro</Plan>", "<SSN>[REDACTED:ssn]</SSN>"]),
            ("yaml", { i in
                "2026-11-24 06:00:00 INFO contact dump:\ncontact:\n  name: Jane Doe\n  location:\n    city: Dublin\n"
                    + "    zip: \(10_000 + i)\n  custom_attributes:\n    plan: pro\n    ssn: 123-45-\(i)\n"
                    + "    address: |\n      1 Main St\n\n      Springfield\n  id: \(i)\n"
            }, ["Jane", "Dublin", "123-45-", "zip: 1", "Main St", "Springfield"], ["plan: pro", "  id: 7\n"]),
            ("cri", { i in
                // A container runtime's log: the documents above, each line with its own prefix.
                let document = "{\n  \"name\": \"Jane Doe\",\n  \"location\": {\n    \"city\": \"Dublin\",\n"
                    + "    \"zip\": \(10_000 + i)\n  },\n  \"custom_attributes\": {\n    \"ssn\": \"123-45-\(i)\"\n  }\n}\n"
                    + "<CustomAttributes>\n  <Address>2 Side St\nSpringfield \(i)</Address>\n</CustomAttributes>\n"
                    + "contact:\n  location:\n    zip: \(20_000 + i)\n  plan: pro\n"
                // A line the runtime split (`P`) inside the location object's city.
                let split = "2026-11-25T02:10:56Z stdout P {\"location\":{\"city\":\"Wexf\n"
                    + "2026-11-25T02:10:56Z stdout F ord\",\"zip\":\(30_000 + i)},\"plan\":\"pro\"}\n"
                return document.split(separator: "\n").enumerated().map { k, line in
                    "2026-11-25T02:10:55.\(100_000_000 + i)Z \(k % 3 == 0 ? "stderr" : "stdout") F \(line)\n"
                }.joined() + split
            }, ["Jane", "Dublin", "123-45-", "zip\": 1", "zip: 2", "Side St", "Springfield", "Wexf", "F ord", "zip\":3"],
             ["F   plan: pro\n", "\"plan\":\"pro\"}"]),
            ("docker", { i in
                // Docker's json-file log: each line of the documents the `log` string of a record,
                // as Go's JSON writes it (`<` and `>` as `\u003c` and `\u003e`).
                let lines = ["{", "  \\\"name\\\": \\\"Jane Doe\\\",", "  \\\"location\\\":", "  {",
                             "    \\\"city\\\": \\\"Dublin\\\",", "    \\\"zip\\\": \(10_000 + i)", "  },",
                             "  \\\"custom_attributes\\\": {", "    \\\"ssn\\\": \\\"123-45-\(i)\\\",",
                             "    \\\"plan\\\": \\\"pro\\\"", "  }", "}", "\\u003cCustomAttributes\\u003e",
                             "  \\u003cAddress\\u003e2 Side St", "Springfield \(i)\\u003c/Address\\u003e",
                             "\\u003c/CustomAttributes\\u003e", "Parameters: {\\\"contact\\\"=\\u003e{\\\"name\\\"=\\u003e\\\"Jane Doe\\\"}}"]
                return lines.map { "{\"log\":\"\($0)\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T02:10:55.\(100_000_000 + i)Z\"}\n" }
                    .joined()
            }, ["Jane", "Dublin", "123-45-", "zip\\\": 1", "Side St", "Springfield"],
             ["\\\"plan\\\": \\\"pro\\\"", "\"stream\":\"stdout\""]),
        ]
        for c in cases {
            let doc = (0..<8_000).map(c.document).joined()
            let (_, _, out) = try CLI.oneAndTwoThreads(doc, c.name, viaPipe: true)
            let text = String(decoding: out, as: UTF8.self)
            for secret in c.secrets { #expect(!text.contains(secret), "\(c.name): \(secret)") }
            for k in c.kept { #expect(text.contains(k), "\(c.name): \(k)") }
        }
    }

    /// `--stats` shows how the work was spread over threads: chunks, the calling thread's share,
    /// redone chunks and times; two threads give the same bytes as one on pretty-printed documents
    /// (whose chunks may start inside a document and be redone).
    @Test func statsShowChunksRedosAndThreads() throws {
        var doc = ""
        for i in 0..<12_000 {
            doc += "{\n  \"type\": \"contact\",\n  \"location\": {\n    \"city\": \"Dublin\",\n"
            doc += "    \"country\": \"Ireland\"\n  },\n  \"id\": \(i)\n}\n"
            doc += "2026-11-23T10:00:00Z INFO order \(i) for sam\(i)@example.org\n"
        }
        let (one, two, out) = try CLI.oneAndTwoThreads(doc, "pretty", flags: "--stats")
        #expect(!String(decoding: out, as: UTF8.self).contains("Dublin"))
        func row(_ stderr: String, _ label: String) -> Double? {
            for line in stderr.split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.dropLast().joined(separator: " ") == label, let v = Double(words.last!) { return v }
                if words.count > 2, words.dropLast(2).joined(separator: " ") == label, let v = Double(words[words.count - 2]) {
                    return v
                }
            }
            return nil
        }
        #expect(row(one.stderr, "threads") == 1 && row(two.stderr, "threads") == 2)
        #expect(row(one.stderr, "redone chunks") == 0)
        #expect(row(one.stderr, "parallel") == 0)
        let chunks = try #require(row(two.stderr, "chunks"))
        #expect(chunks >= 3, "\(doc.utf8.count) bytes in chunks of 512 KiB")
        #expect(row(two.stderr, "inline")! + row(two.stderr, "parallel")! == chunks)
        #expect(row(two.stderr, "redone chunks")! <= row(two.stderr, "parallel")!)
        for label in ["by calling thread", "redone bytes", "caller redacting", "redoing", "caller waiting",
                      "workers redacting", "workers idle"] {
            #expect(row(two.stderr, label) != nil, "\(label) in \(two.stderr)")
        }
        for secret in ["Dublin", "Ireland", "sam1@", "example.org"] { #expect(!two.stderr.contains(secret)) }
    }

    /// A pipe that goes idle in the middle of an e-mail address: the part before it is flushed,
    /// the token that never ends is masked, and `--stats`, `--metrics-file` and `--report` count
    /// the flush and the mask (counts only).
    @Test func partialFlushesAndMasksAreCountedEverywhere() throws {
        let prom = CLI.temp("partial-counters.prom"), report = CLI.temp("partial-counters-report.json")
        let r = CLI.sh("""
            { printf 'first\\nok bob@exa'; sleep 2; printf 'mple.com\\nlast\\n'; } | "$REDACT" --stats \
              --partial-flush-ms 20 --metrics-file "\(prom)" --report "\(report)"
            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.text == "first\nok [REDACTED:partial]\nlast\n")
        let rows = r.stderr.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(rows.contains("partial flushes 1"), "\(r.stderr)")
        #expect(rows.contains("partial masks 1"), "\(r.stderr)")
        let metrics = String(decoding: CLI.read(prom), as: UTF8.self)
        #expect(metrics.contains("\nredact_partial_flushes_total 1\n"), "\(metrics)")
        #expect(metrics.contains("\nredact_partial_masks_total 1\n"), "\(metrics)")
        let json = try #require(try JSONSerialization.jsonObject(with: CLI.read(report)) as? [String: Any])
        #expect(json["partial_flushes"] as? Int == 1 && json["partial_masks"] as? Int == 1)
        for text in [r.stderr, metrics, String(decoding: CLI.read(report), as: UTF8.self)] {
            for secret in ["bob", "exa", "mple"] { #expect(!text.contains(secret)) }
        }
    }

    @Test func closedStdoutEndsQuietlyWith141() {
        let r = CLI.sh("\"$REDACT\" \"\(CLI.bigInput)\" | head -c 100 > /dev/null; echo \"${PIPESTATUS[0]}\" >&2")
        #expect(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "141")
        let one = CLI.sh("\"$REDACT\" \"\(CLI.bigInput)\" | head -1; echo \"status ${PIPESTATUS[0]}\" >&2")
        #expect(one.stderr == "status 141\n")
        #expect(one.text.split(separator: "\n").count == 1)
    }

    @Test func outputFileAndUncreatableOutput() {
        let out = CLI.temp("out.log")
        let r = CLI.sh("\"$REDACT\" --output \"\(out)\" \"$FIX/intercom-sample.log\"")
        #expect(r.status == 0 && r.stdout.isEmpty)
        #expect(CLI.read(out) == CLI.sh("\"$REDACT\" \"$FIX/intercom-sample.log\"").stdout)
        // The output file is never an input (it would be truncated before being read).
        let same = CLI.sh("\"$REDACT\" --output \"\(out)\" \"\(out)\"")
        #expect(same.status == 64)
        #expect(CLI.read(out) == CLI.sh("\"$REDACT\" \"$FIX/intercom-sample.log\"").stdout)
        let bad = CLI.sh("\"$REDACT\" --output /nonexistent-dir/out.log < \"$FIX/examples.log\"")
        #expect(bad.status == 73)
        #expect(bad.stderr.contains("/nonexistent-dir/out.log"))
    }

    @Test func writeErrorIsExit74() {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let r = CLI.sh("\"$REDACT\" \"$FIX/intercom-sample.log\" > /dev/full")
        #expect(r.status == 74)
        #expect(r.stderr.contains("No space left on device"))
    }
}

@Suite struct CLIZstdTests {
    static let hasZstd = FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd")

    @Test(.enabled(if: hasZstd)) func roundTripsWithTheZstdTool() {
        let big = CLI.mediumInput
        let plain = CLI.sh("\"$REDACT\" < \"\(big)\"")
        #expect(plain.status == 0)
        let decompressIn = CLI.sh("zstd -qc < \"\(big)\" | \"$REDACT\"")
        #expect(decompressIn.status == 0)
        #expect(decompressIn.stdout == plain.stdout)
        let compressOut = CLI.sh("\"$REDACT\" --compress < \"\(big)\" | zstd -qd")
        #expect(compressOut.status == 0)
        #expect(compressOut.stdout == plain.stdout)
        let level = CLI.sh("\"$REDACT\" --compress --level 19 < \"$FIX/intercom-sample.log\" | zstd -qd")
        #expect(level.stdout == CLI.sh("\"$REDACT\" < \"$FIX/intercom-sample.log\"").stdout)
        let both = CLI.sh("zstd -qc < \"\(big)\" | \"$REDACT\" --compress | zstd -qd")
        #expect(both.stdout == plain.stdout)
        // The file form, and --decompress never passing compressed bytes through the redactor.
        let zfile = CLI.temp("sample.log.zst")
        _ = CLI.sh("zstd -qf \"$FIX/intercom-sample.log\" -o \"\(zfile)\"")
        let fromFile = CLI.sh("\"$REDACT\" \"\(zfile)\"")
        #expect(fromFile.stdout == CLI.sh("\"$REDACT\" \"$FIX/intercom-sample.log\"").stdout)
        let never = CLI.sh("\"$REDACT\" --decompress never \"\(zfile)\"")
        #expect(never.stdout.prefix(4) == Data([0x28, 0xB5, 0x2F, 0xFD]))
    }

    @Test(.enabled(if: hasZstd)) func concatenatedFramesAreOneStream() {
        let a = CLI.temp("a.zst"), b = CLI.temp("b.zst")
        _ = CLI.sh("zstd -qcf \"$FIX/intercom-sample.log\" > \"\(a)\"; zstd -qcf \"$FIX/examples.log\" > \"\(b)\"")
        let r = CLI.sh("cat \"\(a)\" \"\(b)\" \"\(a)\" | \"$REDACT\"")
        let expected = CLI.sh(
            "cat \"$FIX/intercom-sample.log\" \"$FIX/examples.log\" \"$FIX/intercom-sample.log\" | \"$REDACT\"")
        #expect(r.status == 0)
        #expect(r.stdout == expected.stdout)
        // Mixed: a compressed file, then a plain one.
        let mixed = CLI.sh("\"$REDACT\" \"\(a)\" \"$FIX/examples.log\"")
        #expect(mixed.stdout == CLI.sh("cat \"$FIX/intercom-sample.log\" \"$FIX/examples.log\" | \"$REDACT\"").stdout)
    }

    @Test(.enabled(if: hasZstd)) func truncatedFrameIsExit65AfterThePriorOutput() {
        let big = CLI.mediumInput
        let z = CLI.temp("big.zst"), cut = CLI.temp("cut.zst")
        _ = CLI.sh("zstd -qcf \"\(big)\" > \"\(z)\"")
        let size = CLI.read(z).count
        _ = CLI.sh("head -c \(size / 2) \"\(z)\" > \"\(cut)\"")
        let r = CLI.sh("\"$REDACT\" \"\(cut)\"")
        #expect(r.status == 65)
        #expect(r.stderr.contains("cut.zst"))
        #expect(r.stderr.contains("truncated"))
        #expect(r.stderr.contains("offset \(size / 2)"))
        let full = CLI.sh("\"$REDACT\" \"\(big)\"").stdout
        #expect(r.stdout.count > full.count / 4)
        #expect(full.starts(with: r.stdout))
        // On stdin, and with --compress: the output frame is finished and holds the prior output.
        let compressed = CLI.sh("\"$REDACT\" --compress < \"\(cut)\" | zstd -qd; echo \"status ${PIPESTATUS[0]}\" >&2")
        #expect(compressed.stderr.contains("status 65"))
        #expect(compressed.stderr.contains("<stdin>"))
        #expect(compressed.stdout == r.stdout)
        // Garbage after a valid frame is corruption, also 65.
        let garbage = CLI.sh("{ zstd -qc \"$FIX/examples.log\"; printf 'not zstd at all'; } | \"$REDACT\"")
        #expect(garbage.status == 65)
        #expect(garbage.stderr.contains("corrupt"))
        #expect(garbage.stdout == CLI.sh("\"$REDACT\" \"$FIX/examples.log\"").stdout)
    }
}

/// `app | redact | shipper`: a line comes out while the input is still open (idle flush), also
/// through `--compress` (ZSTD_e_flush at the idle point; read back by `redact`'s own streaming
/// decoder, which, unlike the `zstd` tool, decodes each flushed block at once).
@Suite struct CLILatencyTests {
    static func latency(_ pipeline: String) -> (line: String, milliseconds: Int) {
        let r = CLI.sh("""
            start=$(date +%s%N)
            { printf 'reply from sam@example.org\\n'; sleep 3; } | \(pipeline) | {
                IFS= read -r line; end=$(date +%s%N); echo "$line"; echo $(( (end - start) / 1000000 )) >&2; cat > /dev/null; }
            """)
        return (r.text.trimmingCharacters(in: .newlines), Int(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1)
    }

    @Test func idleInputIsFlushedAtOnce() {
        let (line, ms) = Self.latency("\"$REDACT\"")
        #expect(line == "reply from [REDACTED:email]")
        #expect(ms >= 0 && ms < 1500, "took \(ms) ms")
    }

    @Test func idleInputIsFlushedThroughCompression() {
        let (line, ms) = Self.latency("\"$REDACT\" --compress | \"$REDACT\"")
        #expect(line == "reply from [REDACTED:email]")
        #expect(ms >= 0 && ms < 1500, "took \(ms) ms")
    }
}
