import Testing
@testable import Redact

/// `StreamRedactor.flushPartial`: an unfinished line is written only up to its last safe cut, the
/// whole line is redacted once complete, and a token that never ends is masked (`PartialLine`,
/// shared with the pipeline, whose own tests are in RedactIOTests/PartialFlushTests.swift).
@Suite struct PartialLineTests {
    /// Lines with e-mail addresses and phone numbers, and bytes of them that must never be written.
    static let cases: [(line: String, secrets: [String])] = [
        ("contact bob@example.com now\n", ["bob", "example"]),
        ("call +44 20 7946 0958 today\n", ["7946", "0958", "+44 20"]),
        ("{\"user\": {\"email\": \"jane.doe@example.org\", \"phone\": \"+1 (555) 123-4567\"}, \"note\": \"ok\"}\n",
         ["jane", "example", "555", "4567"]),
        ("x mailto:alice@example.co.uk, tel:+33 1 42 68 53 00\n", ["alice", "example", "42 68", "53 00"]),
        ("Call 020 7946 0958, email=carol%40example.net\n", ["7946", "0958", "carol", "example"]),
        ("{\"name\": \"Dana Scully\", \"location\": {\"city\": \"Paris\"}}\n", ["Dana", "Scully", "Paris"]),
        ("reach me at 5551234567 or (030) 1234567\n", ["5551234567", "1234567"]),
    ]
    static let mask = "[REDACTED:partial]"

    /// Feeds `head`, asks for `flushes` flushes, feeds `rest` in chunks of `size` (0: whole), finishes.
    static func run(_ head: [UInt8], flushes: Int, _ rest: [UInt8], size: Int, plan: RedactionPlan = .intercom)
        -> (out: [UInt8], stats: RedactionStats)
    {
        var r = StreamRedactor(plan: plan)
        var out: [UInt8] = []
        head.withUnsafeBytes { r.feed($0, into: &out) }
        for _ in 0..<flushes { r.flushPartial(into: &out) }
        var i = 0
        let step = size == 0 ? max(1, rest.count) : size
        while i < rest.count {
            let j = min(rest.count, i + step)
            rest[i..<j].withUnsafeBytes { r.feed($0, into: &out) }
            i = j
        }
        r.finish(into: &out)
        return (out, r.stats)
    }

    /// A flush at every position of every line, then the rest in every chunk size: what is written
    /// never holds a value (or a piece of one); when no mask was needed, the output is exactly the
    /// redaction of the whole line; the counters say what happened.
    @Test(arguments: Array(cases.indices))
    func everySplitPositionNeverWritesAValue(index: Int) {
        let (lineText, secrets) = Self.cases[index]
        let line = bytes(lineText)
        let expected = RedactionPlan.intercom.redact(bytes: line)
        for s in secrets { #expect(!occurs(bytes(s), in: expected), "the engine itself keeps \(s)") }
        var aligned = 0, masked = 0
        for k in 1..<line.count {
            let head = Array(line[0..<k]), rest = Array(line[k...])
            for flushes in [1, 2, 6] {
                for size in [0] + Array(1...rest.count) {
                    let (out, stats) = Self.run(head, flushes: flushes, rest, size: size)
                    let note = "split at \(k), \(flushes) flushes, chunks of \(size)"
                    for s in secrets {
                        #expect(!occurs(bytes(s), in: out), "\(note): a value came out: \(text(out).debugDescription)")
                    }
                    #expect(out.last == 0x0A && out.filter { $0 == 0x0A }.count == 1, "one output line, \(note)")
                    let wasMasked = occurs(bytes(Self.mask), in: out)
                    if wasMasked {
                        masked += 1
                    } else {
                        #expect(out == expected, "\(note): \(text(out).debugDescription)")
                        aligned += 1
                    }
                    #expect(stats.partialMasks == (wasMasked ? 1 : 0), "\(note)")
                    #expect(stats.lines == 1 && stats.bytesIn == line.count && stats.bytesOut == out.count, "\(note)")
                }
            }
        }
        // Most splits lose nothing: the mask is the exception.
        #expect(aligned > masked)
    }

    /// The line in every chunk size with a flush after every chunk: each flush writes up to the
    /// newest safe cut, and the pieces together are the redaction of the whole line.
    @Test func aLineFlushedAfterEveryChunkComesOutAsAWhole() {
        let line = bytes("{\"id\": 7, \"email\": \"bob@example.com\", \"tags\": [\"a\", \"b\"], \"phone\": \"+44 20 7946 0958\"}\nnext\n")
        let expected = RedactionPlan.intercom.redact(bytes: line)
        for size in 1...line.count {
            var r = StreamRedactor()
            var out: [UInt8] = []
            var i = 0
            while i < line.count {
                let j = min(line.count, i + size)
                line[i..<j].withUnsafeBytes { r.feed($0, into: &out) }
                r.flushPartial(into: &out)
                i = j
            }
            r.finish(into: &out)
            #expect(out == expected, "chunks of \(size): \(text(out).debugDescription)")
            #expect(r.stats.partialMasks == 0)
            if size <= 20 { #expect(r.stats.partialFlushes > 0, "chunks of \(size)") }
            #expect(r.stats.bytesOut == out.count && r.stats.bytesIn == line.count && r.stats.lines == 2)
        }
    }

    /// A partial line with no safe cut is held; after `partialMaskAfterFlushes` flushes in a row
    /// that find nothing new, the mask is written for the rest of the line, which is dropped.
    @Test func aTokenWithoutSafeCutIsMaskedAfterSomeFlushes() {
        // The first flush writes "ok "; four more find nothing new: still held.
        let held = Self.run(bytes("ok bob@exa"), flushes: 5, bytes("mple.com ok\n"), size: 0)
        #expect(text(held.out) == "ok [REDACTED:email] ok\n")
        #expect(held.stats.partialMasks == 0 && held.stats.partialFlushes == 1)
        let rest = bytes("mple.com, then carol@example.org\nnext x\n")
        for size in [0] + Array(1...rest.count) {
            let masked = Self.run(bytes("ok bob@exa"), flushes: 6, rest, size: size)
            #expect(text(masked.out) == "ok [REDACTED:partial]\nnext x\n", "chunks of \(size)")
            #expect(masked.stats.partialMasks == 1 && masked.stats.partialFlushes == 1)
            #expect(masked.stats.lines == 2)
            #expect(masked.stats.bytesIn == 10 + rest.count && masked.stats.bytesOut == masked.out.count)
        }
        // A token still growing between flushes waits.
        var r = StreamRedactor()
        var out: [UInt8] = []
        for b in bytes("ok bob@example.com") {
            [b].withUnsafeBytes { r.feed($0, into: &out) }
            r.flushPartial(into: &out)
        }
        [UInt8(0x0A)].withUnsafeBytes { r.feed($0, into: &out) }
        #expect(text(out) == "ok [REDACTED:email]\n")
        #expect(r.stats.partialMasks == 0)
    }

    /// A custom mask and a custom number of flushes.
    @Test func maskAndFlushCountAreSettings() {
        var r = StreamRedactor()
        r.partialMask = bytes("<cut>")
        r.partialMaskAfterFlushes = 2
        var out: [UInt8] = []
        bytes("note: a@exa").withUnsafeBytes { r.feed($0, into: &out) }
        r.flushPartial(into: &out)
        #expect(text(out) == "note: ")
        r.flushPartial(into: &out)
        #expect(text(out) == "note: ")
        r.flushPartial(into: &out)
        #expect(text(out) == "note: <cut>")
        bytes("mple.com\n").withUnsafeBytes { r.feed($0, into: &out) }
        #expect(text(out) == "note: <cut>\n")
        #expect(r.stats.partialMasks == 1 && r.stats.bytesOut == out.count)
    }

    /// The end of input finishes a held line like any last line: redacted whole.
    @Test func finishWritesTheRestOfAHeldLineRedactedWhole() {
        let out = Self.run(bytes("ok, bob@exa"), flushes: 1, bytes("mple.com"), size: 0).out
        #expect(text(out) == "ok, [REDACTED:email]")
        let noMore = Self.run(bytes("ok, bob@example.com"), flushes: 1, [], size: 0)
        #expect(text(noMore.out) == "ok, [REDACTED:email]")
        #expect(noMore.stats.partialFlushes == 1 && noMore.stats.lines == 1)
        // A masked line at the end of input: nothing more to write.
        let masked = Self.run(bytes("ok bob@exa"), flushes: 6, bytes("mple.com"), size: 0)
        #expect(text(masked.out) == "ok [REDACTED:partial]")
        #expect(masked.stats.lines == 1 && masked.stats.bytesIn == 18 && masked.stats.bytesOut == masked.out.count)
    }

    /// A value whose key comes before the cut is still redacted whole: the line is redacted in its
    /// full context once complete.
    @Test func aKeyBeforeTheCutStillRedactsItsValue() {
        let line = bytes("{\"phone\": \"+44 20 7946 0958\", \"name\": \"Dana Scully\"}\n")
        let expected = RedactionPlan.intercom.redact(bytes: line)
        for k in 1..<line.count {
            let (out, _) = Self.run(Array(line[0..<k]), flushes: 1, Array(line[k...]), size: 0)
            for s in ["7946", "0958", "Dana", "Scully"] { #expect(!occurs(bytes(s), in: out), "split at \(k)") }
            if !occurs(bytes(Self.mask), in: out) { #expect(out == expected, "split at \(k)") }
        }
    }

    /// Line numbers of findings count a masked line as a line.
    @Test func aMaskedLineCountsInLineNumbers() throws {
        var policy = RedactionPolicy.intercom
        policy.reportLineLimit = 10
        let plan = try RedactionPlan(policy: policy)
        let (out, stats) = Self.run(bytes("ok bob@exa"), flushes: 6, bytes("mple.com\nthen sam@example.org\n"), size: 0,
                                    plan: plan)
        #expect(text(out) == "ok [REDACTED:partial]\nthen [REDACTED:email]\n")
        #expect(stats.findings["detector:email"]?.lines == [2])
        #expect(stats.lines == 2)
    }

    /// The lines after a masked line start from the initial carry: the dropped rest of the line
    /// may have closed (or opened) the JSON container that the lines before it opened, so their
    /// context does not reach past it. Here an array under `email` is open before the masked line;
    /// the line after it is redacted as on its own, whatever the chunk sizes.
    @Test func theLinesAfterAMaskedLineStartFromTheInitialCarry() {
        let opener = bytes("{\"email\": [\n")
        let after = bytes("  \"plain words\",\n")
        let alone = RedactionPlan.intercom.redact(bytes: after)
        // The test means something: in the array's context the line is redacted otherwise.
        let inContext = RedactionPlan.intercom.redact(bytes: opener + after)
        #expect(Array(inContext[opener.count...]) != alone)
        #expect(alone == after)
        let rest = bytes("mple.com\n") + after
        for size in [0] + Array(1...rest.count) {
            let (out, stats) = Self.run(opener + bytes("ok bob@exa"), flushes: 6, rest, size: size)
            #expect(text(out) == text(opener) + "ok [REDACTED:partial]\n" + text(after), "chunks of \(size)")
            #expect(stats.partialMasks == 1 && stats.lines == 3)
        }
    }

    /// A flush whose new part redacts to nothing (a removed field) wrote nothing: not counted.
    @Test func aFlushThatWritesNothingIsNotCounted() throws {
        var policy = RedactionPolicy.intercom
        policy.defaultAction = .remove
        let plan = try RedactionPlan(policy: policy)
        var r = StreamRedactor(plan: plan)
        var out: [UInt8] = []
        bytes("{\"id\": 1, ").withUnsafeBytes { r.feed($0, into: &out) }
        r.flushPartial(into: &out)
        let first = out.count
        #expect(first > 0 && r.stats.partialFlushes == 1)
        bytes("\"email\": \"bob@example.com\", ").withUnsafeBytes { r.feed($0, into: &out) }
        r.flushPartial(into: &out)
        #expect(out.count == first, "\(text(out).debugDescription)")
        #expect(r.stats.partialFlushes == 1)
        bytes("\"x\": 2}\n").withUnsafeBytes { r.feed($0, into: &out) }
        r.finish(into: &out)
        #expect(out == plan.redact(bytes: bytes("{\"id\": 1, \"email\": \"bob@example.com\", \"x\": 2}\n")))
        #expect(!occurs(bytes("bob"), in: out))
    }

    /// A held line that outgrows the record size goes on as an oversized record cut where the
    /// flush cut it: never raw, one output line, memory bounded.
    @Test func aHeldLineThatOutgrowsTheRecordSizeGoesOnAsAnOversizedRecord() throws {
        let plan = try RedactionPlan(maxRecordSize: 200)
        let filler = String(repeating: "lorem ipsum, ", count: 40)
        let rest = bytes("mple.com " + filler + "call +44 20 7946 0958 x\nnext sam@example.org\n")
        for size in [0, 1, 7, 64] {
            var r = StreamRedactor(plan: plan)
            var out: [UInt8] = []
            bytes("ok, bob@exa").withUnsafeBytes { r.feed($0, into: &out) }
            r.flushPartial(into: &out)
            #expect(text(out) == "ok, ")
            var i = 0
            var peak = 0
            let step = size == 0 ? rest.count : size
            while i < rest.count {
                let j = min(rest.count, i + step)
                rest[i..<j].withUnsafeBytes { r.feed($0, into: &out) }
                peak = max(peak, r.bufferedByteCount)
                i = j
            }
            r.finish(into: &out)
            for s in ["bob", "exa", "mple", "7946", "sam@"] { #expect(!occurs(bytes(s), in: out), "chunks of \(size)") }
            #expect(out.filter { $0 == 0x0A }.count == 2)
            #expect(peak <= 200 + step)
            let stats = r.stats
            #expect(stats.oversizedRecords == 1 && stats.lines == 2)
            #expect(stats.bytesIn == 11 + rest.count && stats.bytesOut == out.count)
        }
    }

    /// Without flushes nothing changes: the counters stay at zero.
    @Test func withoutFlushesNothingIsCounted() {
        let (out, stats) = redactChunked(bytes("a bob@example.com\nb"), size: 3)
        #expect(text(out) == "a [REDACTED:email]\nb")
        #expect(stats.partialFlushes == 0 && stats.partialMasks == 0)
    }

    @Test func safeCutsAreAfterDelimitersAndAfterBlanksThatEndAWord() {
        func cut(_ s: String, after: Int = 0) -> Int? {
            Array(s.utf8).withUnsafeBytes { PartialFlushCut.last($0, after: after) }
        }
        #expect(cut("bob@exa") == nil)
        #expect(cut("+44 20 79") == nil)
        #expect(cut("call +44 20 79") == 5)
        #expect(cut("{\"a\": \"b") == 7)
        #expect(cut("x, y") == 3)
        #expect(cut("tel: ") == 5)
        #expect(cut("12 ") == nil)
        #expect(cut("a,b", after: 2) == nil)
        #expect(cut("1" + String(repeating: " ", count: 100_000)) == nil)
    }

    /// The linear search agrees with trying every position.
    @Test func lastSafeCutMatchesEveryPositionTried() {
        var rng = RNG(state: 11)
        let alphabet = bytes("a1 ,+@\t\"-.:(x")
        for _ in 0..<3000 {
            let n = rng.int(24)
            let b = (0..<n).map { _ in rng.pick(alphabet) }
            let after = n == 0 ? 0 : rng.int(n)
            b.withUnsafeBytes { buf in
                let brute = stride(from: n, to: after, by: -1).first { PartialFlushCut.isSafe(buf, $0) }
                #expect(PartialFlushCut.last(buf, after: after) == brute)
            }
        }
    }
}
