import Testing
@testable import Redact

/// Every input fed in every chunk size from 1 byte up, and whole, gives one output.
@Suite struct ChunkingTests {
    static var mixedInput: [UInt8] {
        var s = ""
        for (i, o) in ExamplesTests.examples { _ = o; s += i + "\n" }
        s += "plain line with no newline issues\r\n"
        s += "{\n  \"email\": \"jane@x.io\",\n  \"location\": {\n    \"city\": \"Dublin\"\n  }\n}\n"
        s += #"{"Body":"{\"email\":\"a@b.com\",\"name\":\"Jo\"}"}"# + "\n\n"
        s += String(repeating: "x", count: 300) + " bob@example.com " + String(repeating: "y", count: 300) + "\n"
        s += "last line without newline sam@example.org"
        return Array(s.utf8)
    }

    @Test func everyChunkSizeGivesTheSameOutput() {
        let input = Self.mixedInput
        let (whole, wholeStats) = redactChunked(input, size: 0)
        #expect(!occurs(bytes("jane@x.io"), in: whole))
        #expect(!occurs(bytes("sam@example.org"), in: whole))
        #expect(whole.last != 0x0A)
        for size in 1...300 {
            let (out, stats) = redactChunked(input, size: size)
            #expect(out == whole, "chunk size \(size)")
            #expect(stats == wholeStats, "chunk size \(size)")
        }
    }

    @Test func everyChunkSizeWithTinyMaxRecordSize() throws {
        let plan = try RedactionPlan(maxRecordSize: 64)
        let input = Self.mixedInput
        let (whole, wholeStats) = redactChunked(input, size: 0, plan: plan)
        #expect(wholeStats.oversizedRecords >= 2)
        for needle in ["bob@example.com", "sam@example.org", "jane@x.io", "a@b.com"] {
            #expect(!occurs(bytes(needle), in: whole), "\(needle) leaked")
        }
        for size in [1, 2, 3, 5, 7, 13, 63, 64, 65, 127, 500] {
            let (out, stats) = redactChunked(input, size: size, plan: plan)
            #expect(out == whole, "chunk size \(size)")
            #expect(stats == wholeStats, "chunk size \(size)")
        }
    }

    @Test func oversizedLineIsRedactedInPiecesNeverRaw() throws {
        let plan = try RedactionPlan(maxRecordSize: 4096)
        var line = ""
        var i = 0
        while line.utf8.count < 200_000 {
            line += "user\(i)@example.com, +44 20 7946 \(1000 + i % 9000), "
            i += 1
        }
        let input = Array((line + "\nshort sam@example.org\n").utf8)
        for size in [0, 1000, 4096, 65536] {
            let (out, stats) = redactChunked(input, size: size, plan: plan)
            #expect(stats.oversizedRecords == 1)
            #expect(stats.lines == 2)
            #expect(!occurs(bytes("@example.com"), in: out))
            #expect(!occurs(bytes("7946"), in: out))
            #expect(!occurs(bytes("sam@example.org"), in: out))
            #expect(out.filter { $0 == 0x0A }.count == 2)
        }
    }

    /// `redactLines` hands the scanner at most `bufferLimit` bytes at once (positions are kept in 32
    /// bits): whole lines, or pieces of a record longer than `maxRecordSize`. Any limit from the
    /// record size up gives the output and counts of one pass over the whole buffer.
    @Test func buffersOverTheLimitGoInPiecesWithTheSameOutput() throws {
        let plan = try RedactionPlan(maxRecordSize: 64)
        var input = Self.mixedInput
        input += bytes("\n" + String(repeating: "a@b.io +44 20 7946 0958 ", count: 40) + "\n{\"email\":\"x@y.io\"}\n")
        func run(_ limit: Int?) -> ([UInt8], RedactionStats) {
            var r = LineRedactor(plan: plan)
            var out: [UInt8] = []
            input.withUnsafeBytes { b in
                if let limit { r.redactLines(b, into: &out, bufferLimit: limit) } else { r.redactLines(b, into: &out) }
            }
            return (out, r.stats)
        }
        let (whole, wholeStats) = run(nil)
        #expect(wholeStats.oversizedRecords >= 3)
        #expect(!occurs(bytes("a@b.io"), in: whole))
        for limit in 64...400 {
            let (out, stats) = run(limit)
            #expect(out == whole, "limit \(limit)")
            #expect(stats == wholeStats, "limit \(limit)")
        }
    }

    /// A record far longer than the limit, cut into pieces of `maxRecordSize` (64 bytes) while the
    /// limit is 256 KiB: each byte is searched for a newline once (searching back from the limit for
    /// every piece took 16,000 searches of up to 256 KiB here: 11 times this test's time), and the output is
    /// that of one pass.
    @Test func aRecordFarOverTheLimitIsSearchedOnce() throws {
        let plan = try RedactionPlan(maxRecordSize: 64)
        let input = bytes(String(repeating: "word a@b.io ", count: 90_000) + "\nlast line\n")
        func run(_ limit: Int?) -> ([UInt8], searched: Int) {
            var r = LineRedactor(plan: plan)
            var out: [UInt8] = []
            input.withUnsafeBytes { b in
                if let limit { r.redactLines(b, into: &out, bufferLimit: limit) } else { r.redactLines(b, into: &out) }
            }
            return (out, r.bytesSearchedForNewlines)
        }
        let whole = run(nil).0
        #expect(!occurs(bytes("a@b.io"), in: whole))
        let (pieces, searched) = run(1 << 18)
        #expect(pieces == whole)
        #expect(searched <= input.count + (1 << 18))
    }

    /// The per-line lists that a long line of back-to-back findings grew start over small after it
    /// (a thread kept a 1 MB line's hits and edits, twice, at 24 bytes each), and the lines after
    /// it come out as they do on their own.
    @Test func longLinesReleaseTheirLists() {
        let addresses = String(repeating: "x1@e.io ", count: 40_000)
        let ssns = "{\"custom_attributes\":{" + String(repeating: "\"ssn\":\"1\",", count: 30_000) + "\"x\":1}}"
        let lines = [addresses, "plain line", ssns, "bob@example.com +44 20 7946 0958", #"{"name":"Jo","email":"jo@x.io"}"#]
        var alone: [UInt8] = []
        for line in lines {
            var r = LineRedactor(plan: .intercom)
            bytes(line + "\n").withUnsafeBytes { r.redactLines($0, into: &alone) }
        }
        var r = LineRedactor(plan: .intercom)
        var together: [UInt8] = []
        bytes(lines.joined(separator: "\n") + "\n").withUnsafeBytes { r.redactLines($0, into: &together) }
        #expect(together == alone)
        #expect(!occurs(bytes("x1@e.io"), in: together))
        #expect(r.largestListCapacity <= 1 << 14)
        // What such a line holds per finding: a hit, and an edit in the span's list and the line's.
        #expect(MemoryLayout<Hit>.stride == 12 && MemoryLayout<Edit>.stride == 12)
    }

    @Test func bufferedBytesStayBounded() throws {
        let plan = try RedactionPlan(maxRecordSize: 1000)
        var r = StreamRedactor(plan: plan)
        var out: [UInt8] = []
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 777)
        var peak = 0
        for _ in 0..<2000 {
            chunk.withUnsafeBytes { r.feed($0, into: &out) }
            peak = max(peak, r.bufferedByteCount)
            out.removeAll(keepingCapacity: true)
        }
        #expect(peak <= 1000 + 777)
        #expect(r.stats.oversizedRecords == 1)
    }
}
