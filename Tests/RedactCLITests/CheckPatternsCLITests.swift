// End-to-end tests of `redact --check-patterns`: the pattern files' examples run through the
// engine, failures named by file and line, exit 0 / 1 / 78, and no log input read.

import Foundation
import Testing

@Suite struct CheckPatternsCLITests {
    static let dir = CLI.fixture("check-patterns")

    @Test func failingExampleIsNamedByFileAndLine() {
        let r = CLI.sh(#""$REDACT" --check-patterns "$FIX/check-patterns""#)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        // ticket.pcre2 line 9: «TKT-1234567» is seven digits; the pattern wants five.
        #expect(r.text == """
            \(Self.dir)/order.pcre2: order, 2 positive, 1 negative: ok
            FAIL \(Self.dir)/ticket.pcre2:9: positive: want «TKT-1234567» got (nothing)
                in: see TKT-1234567 again
            \(Self.dir)/ticket.pcre2: ticket, 2 positive, 1 negative: 1 FAILED
            check-patterns: 1 failing example(s) in 1 of 2 file(s)

            """, "\(r.text)")
    }

    @Test func passingFileExitsZero() {
        let r = CLI.sh(#""$REDACT" --check-patterns "$FIX/check-patterns/order.pcre2""#)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.text.hasSuffix("check-patterns: all 1 file(s) pass\n"), "\(r.text)")
        // --patterns DIR names the same files as an argument does.
        let p = CLI.sh(#""$REDACT" --check-patterns --patterns "$FIX/check-patterns""#)
        #expect(p.status == 1 && p.text.contains("ticket.pcre2:9: positive"), "\(p.text)")
    }

    /// With no files: the detectors built into the binary; standard input is never read (it is a
    /// FIFO opened read-write, so it never ends: reading it would hang until the timeout).
    @Test func builtinDetectorsPassAndNoInputIsRead() {
        let d = CLI.temp("check-patterns-stdin")
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        let r = CLI.sh(#"cd "\#(d)" && rm -f fifo && mkfifo fifo && { timeout 10 "$REDACT" --check-patterns; echo "status $?"; } 0<>fifo"#)
        #expect(r.text.hasSuffix("check-patterns: all 2 file(s) pass\nstatus 0\n"), "\(r.text) \(r.stderr)")
        #expect(r.text.contains("email.pcre2: email, "))
        #expect(r.text.contains("phone.pcre2: phone, "))
    }

    @Test func brokenFileExits78AndTheOthersAreStillChecked() {
        let d = CLI.temp("check-patterns-broken")
        try? FileManager.default.removeItem(atPath: d)
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: d + "/bad.pcre2", contents: Data("kind: x\ntriggers: x\npattern:\n(?x)\n  a(b\n".utf8))
        let r = CLI.sh(#""$REDACT" --check-patterns "\#(d)" "$FIX/check-patterns/order.pcre2" "\#(d)/missing.pcre2""#)
        #expect(r.status == 78)
        #expect(r.stderr.contains("redact: \(d)/bad.pcre2:5: PCRE2: missing closing parenthesis"), "\(r.stderr)")
        #expect(r.stderr.contains("redact: pattern file \(d)/missing.pcre2: cannot open"), "\(r.stderr)")
        #expect(r.text.contains("order.pcre2: order, 2 positive, 1 negative: ok"), "\(r.text)")
        #expect(r.text.hasSuffix("check-patterns: 2 broken file(s)\n"), "\(r.text)")
    }

    @Test func redactingFlagsAreRefused() {
        for flag in ["-o out.log", "--policy p.json", "--dry-run", "--follow x.log", "--compress"] {
            let r = CLI.sh(#""$REDACT" --check-patterns \#(flag)"#)
            #expect(r.status == 64, "\(flag)")
            #expect(r.stderr.contains("--check-patterns checks pattern files and redacts nothing"), "\(flag): \(r.stderr)")
        }
    }
}
