import Redact
@testable import RedactIO
import Testing

/// Like `FakeRedactor`, but a line that does not start with a space or `}` starts from carry 0, as
/// the engine's lines that do not continue a pretty-printed document do: its `carryMatters` is
/// honest, so a chunk redacted from a wrong carry needs redoing only up to its first such line.
struct ResettingFakeRedactor: ChunkRedactor {
    static var initialCarry: Int { 0 }
    var inner = FakeRedactor()
    var carry: Int {
        get { inner.carry }
        set { inner.carry = newValue }
    }
    var stats: RedactionStats { inner.stats }

    static func continues(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "}") }

    mutating func prepareForChunk(oversizedRecordOpen open: Bool) { inner.prepareForChunk(oversizedRecordOpen: open) }

    mutating func redactLines(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        var i = 0
        while i < chunk.count {
            var j = i
            while j < chunk.count && chunk[j] != 0x0A { j += 1 }
            let end = min(j + 1, chunk.count)
            if !inner.inOversized && !Self.continues(chunk[i]) { inner.carry = 0 }
            inner.redactLines(UnsafeRawBufferPointer(rebasing: chunk[i..<end]), into: &out)
            i = end
        }
    }

    mutating func redactOversizedPiece(_ piece: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        inner.redactOversizedPiece(piece, into: &out)
    }

    static func oversizedCut(_ buffer: UnsafeRawBufferPointer) -> Int { FakeRedactor.oversizedCut(buffer) }

    static func carryMatters(_ carry: Int, forChunkStartingWith chunk: UnsafeRawBufferPointer) -> Bool {
        chunk.count > 0 && continues(chunk[0])
    }

    /// The first later line that does not continue.
    static func carryStopsMattering(in chunk: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        while let nl = chunk[i...].firstIndex(of: 0x0A), nl + 1 < chunk.count {
            i = nl + 1
            if !continues(chunk[i]) { return i }
        }
        return nil
    }
}

/// The oracle for `ResettingFakeRedactor`: `referenceRedact` with it.
func resettingReference(_ input: [UInt8], maxRecordSize: Int) -> (output: [UInt8], stats: RedactionStats) {
    let r = referenceRedact(input, maxRecordSize: maxRecordSize, ResettingFakeRedactor())
    return (r.output, r.stats)
}

/// Pretty-printed documents (up to `docLines` lines, nested `{`) between plain lines; with
/// `longLine`, some lines longer than that.
func prettyInput(seed: UInt64, records: Int, longLine: Int? = nil) -> (input: [UInt8], longestDocument: Int) {
    var rng = SplitMix(state: seed)
    var t: [UInt8] = []
    var longest = 0
    for i in 0..<records {
        switch rng.below(4) {
        case 0, 1:
            var doc = bytes("{\n  \"n\": \(i) x,\n")
            for k in 0..<rng.below(4) { doc += bytes("  \"inner\": {\n    \"x\": \(k)\n  },\n") }
            doc += bytes("  \"end\": x\n}\n")
            longest = max(longest, doc.count)
            t += doc
        case 2:
            t += bytes("plain line \(i) x\n")
        default:
            if let longLine, rng.below(3) == 0 {
                t += bytes("long")
                for _ in 0..<(longLine / 5 + rng.below(longLine)) { t += bytes(" x{y") }
                t += bytes("\n")
            } else {
                t += bytes("{\"compact\": \(i), \"x\": 1}\n")
            }
        }
    }
    return (t, longest)
}

@Suite struct RedoTests {
    static let pretty = prettyInput(seed: 3, records: 120)

    /// Chunks are cut at every size from 1 byte up (and the whole input), redacted on two threads
    /// from the initial carry: the output is the oracle's, and a chunk that started inside a
    /// document is redone only up to its first line outside it, never further.
    @Test(arguments: Array(1...80) + [Int.max])
    func wrongCarryRedoesOnlyTheLinesThatDependOnIt(chunkSize: Int) {
        let (input, longest) = Self.pretty
        let expected = resettingReference(input, maxRecordSize: 1 << 16)
        var c = PipelineConfiguration(maxRecordSize: 1 << 16)
        c.chunkSize = min(chunkSize, input.count)
        c.threads = 2
        c.inlineThreshold = 0
        c.alwaysSpeculate = true
        for readSize in [7, Int.max] {
            let p = Pipeline(configuration: c) { ResettingFakeRedactor() }
            let sink = MemorySink()
            try! p.run(source: MemorySource(input, maxReadSize: readSize), sink: sink)
            expectSameBytes(sink.bytes, expected.output, "chunk \(chunkSize), read \(readSize)")
            #expect(p.stats.lines == expected.stats.lines)
            #expect(p.stats.bytesIn == input.count)
            #expect(p.stats.bytesOut == expected.output.count)
            #expect(p.stats.byKind == expected.stats.byKind)
            let n = p.counters
            #expect(n.redoneChunks <= n.parallelChunks)
            #expect(n.redoneBytes <= n.redoneChunks * longest, "a redo stays within one document")
        }
    }

    /// Chunks larger than any document, many of them starting inside one: redone, each only up to
    /// the document's end, a small part of the chunk.
    @Test func redosStayWithinTheDocument() {
        let (input, longest) = Self.pretty
        var redone = 0, redoneBytes = 0, parallel = 0
        for chunk in [200, 250, 300, 400, 500] {
            let (out, p, _) = runResetting(input, chunkSize: chunk, readSize: 64)
            expectSameBytes(out, resettingReference(input, maxRecordSize: 1 << 16).output, "chunk \(chunk)")
            redone += p.counters.redoneChunks
            redoneBytes += p.counters.redoneBytes
            parallel += p.counters.parallelChunks
        }
        #expect(redone > 5)
        #expect(redoneBytes <= redone * longest)
        #expect(redoneBytes * 2 < redone * 200, "redos are parts of chunks")
        #expect(parallel > 40)
    }

    /// The same with records longer than the record size (cut into pieces): chunks that start
    /// inside one are redone whole, and the output is still the oracle's.
    @Test(arguments: Array(1...48) + [Int.max])
    func withOversizedRecords(readSize: Int) {
        let (input, _) = prettyInput(seed: 9, records: 150, longLine: 40)
        let expected = resettingReference(input, maxRecordSize: 48)
        for chunk in [1, 5, 64, 300] {
            let (out, p, _) = runResetting(input, chunkSize: chunk, readSize: readSize, maxRecordSize: 48)
            expectSameBytes(out, expected.output, "chunk \(chunk), read \(readSize)")
            #expect(p.stats.oversizedRecords == expected.stats.oversizedRecords)
            #expect(p.stats.oversizedRecords > 0)
            #expect(p.stats.byKind == expected.stats.byKind)
        }
    }

    /// Lines that never continue a document (compact JSON, plain text) are never redone, however
    /// the chunks fall.
    @Test func plainLinesAreNeverRedone() {
        var input: [UInt8] = []
        for i in 0..<3000 { input += bytes(i % 2 == 0 ? "{\"n\": \(i), \"x\": {\"y\": 1}}\n" : "plain \(i) x\n") }
        for chunk in [1, 100, 1000] {
            let (out, p, _) = runResetting(input, chunkSize: chunk, readSize: 4096)
            expectSameBytes(out, resettingReference(input, maxRecordSize: 1 << 16).output)
            #expect(p.counters.parallelChunks > 10)
            #expect(p.counters.redoneChunks == 0)
            #expect(p.counters.redoneBytes == 0)
        }
    }

    func runResetting(
        _ input: [UInt8], chunkSize: Int, readSize: Int, maxRecordSize: Int = 1 << 16
    ) -> ([UInt8], Pipeline<ResettingFakeRedactor>, MemorySink) {
        var c = PipelineConfiguration(maxRecordSize: maxRecordSize)
        c.chunkSize = chunkSize
        c.threads = 2
        c.inlineThreshold = 0
        c.alwaysSpeculate = true
        let p = Pipeline(configuration: c) { ResettingFakeRedactor() }
        let sink = MemorySink()
        try! p.run(source: MemorySource(input, maxReadSize: readSize), sink: sink)
        return (sink.bytes, p, sink)
    }

    /// The counters add up: every chunk is inline or parallel, the calling thread's share of the
    /// parallel ones is counted, and one thread never redoes nor uses a worker.
    @Test func countersAddUp() {
        let (input, _) = Self.pretty
        for threads in [1, 2] {
            var c = PipelineConfiguration(maxRecordSize: 1 << 16)
            c.chunkSize = 64
            c.threads = threads
            c.inlineThreshold = 0
            c.alwaysSpeculate = true
            let p = Pipeline(configuration: c) { ResettingFakeRedactor() }
            try! p.run(source: MemorySource(input, maxReadSize: 1000), sink: MemorySink())
            let n = p.counters
            #expect(n.threads == threads)
            #expect(n.chunks == n.inlineChunks + n.parallelChunks)
            #expect(n.chunks >= input.count / (64 + (1 << 16)))
            #expect(n.callerChunks <= n.parallelChunks)
            #expect(n.redoSeconds <= n.callerRedactSeconds)
            if threads == 1 {
                #expect(n.parallelChunks == 0 && n.redoneChunks == 0)
                #expect(n.inlineChunks > 10)
                #expect(n.workerRedactSeconds == 0)
            } else {
                #expect(n.parallelChunks > 10)
                #expect(n.redoneChunks > 0)
                #expect(n.callerRedactSeconds + n.workerRedactSeconds > 0)
            }
        }
    }
}

/// The real engine: pretty-printed documents whose fields are redacted because of a key on an
/// earlier line (`location`, `custom_attributes`), cut by chunks of every size, redacted on two
/// threads from the initial carry: byte-identical to one thread and to the sequential engine,
/// with redos where a chunk starts inside a document.
@Suite struct EngineRedoTests {
    static let plan = RedactionPlan.intercom

    static let input: [UInt8] = {
        var t: [UInt8] = []
        for i in 0..<12 {
            t += bytes("2026-11-23T10:00:0\(i % 10)Z INFO [web] GET /contacts/\(i) 200 from ops\(i)@example.com\n")
            t += EngineThroughPipelineTests.document
            if i % 3 == 0 { t += bytes("{\"type\":\"contact\",\"name\":\"Jane Doe\",\"location\":{\"city\":\"Cork\"}}\n") }
            if i % 2 == 1 { t += Self.xmlDocument }
            if i % 4 == 2 { t += Self.yamlDocument }
            if i % 3 == 1 { t += Self.criDocument }
            if i % 4 == 3 { t += Self.allmanDocument }
            if i % 4 == 1 { t += Self.dockerDocument }
        }
        return t
    }()

    /// An XML document over lines, partly indented: its `<ssn>` and `<address>` are redacted
    /// because of the `<custom_attributes>` on an earlier line (the `<ssn>` line starts with its
    /// tag), the address's text because of its start tag on an earlier line; the second address's
    /// text goes on at the first column (a raw newline in it), where only the carry says it is.
    static let xmlDocument = bytes("""
        <contact>
        <custom_attributes>
        <ssn>987-65-4321</ssn>
          <address>
            1 Main St
          </address>
          <address>2 Side St
        Springfield, IL 62701
        Ireland</address>
        </custom_attributes>
        </contact>

        """)

    /// A YAML dump: its blocks are frames carried while its lines are indented (`location:`, then
    /// the place; `custom_attributes:`, then the `ssn`; a block scalar's text with a blank line) or
    /// are items of a sequence at the block's column (`location:`, then `- Ennis`: a chunk that
    /// starts at such a line depends on the carry).
    static let yamlDocument = bytes("""
        contact:
          location:
            city: Limerick
          custom_attributes:
            ssn: 555-12-3456
            address: |
              9 Quay St

              Galway
        location:
        - Ennis
        - city: Tralee

        """)

    /// A container runtime's log (CRI): every line of a pretty-printed document has its prefix,
    /// and its indentation comes after it (a chunk that starts at `    "city"` depends on the carry);
    /// with a line the runtime split in two (`P`, then `F`) before a `[` (a part that starts as a
    /// record does, yet goes on with the line before); then a split inside a city's name.
    static let criDocument = bytes("""
        2026-11-25T02:10:55.000000001Z stdout F {
        2026-11-25T02:10:55.000000002Z stdout F   "location": {
        2026-11-25T02:10:55.000000003Z stdout F     "city": "Kilkenny",
        2026-11-25T02:10:55.000000003Z stdout P     "names":
        2026-11-25T02:10:55.000000003Z stdout F ["Carlow", "Sligo"]
        2026-11-25T02:10:55.000000004Z stdout F   },
        2026-11-25T02:10:55.000000005Z stderr F   "custom_attributes": {
        2026-11-25T02:10:55.000000006Z stderr F     "ssn": "444-55-6666"
        2026-11-25T02:10:55.000000007Z stderr F   }
        2026-11-25T02:10:55.000000008Z stdout F }
        2026-11-25T02:10:56.000000001Z stdout P {"type":"contact","location":{"type":"location","city":"Wexf
        2026-11-25T02:10:56.000000002Z stdout F ord","country":"Eire"},"name":"Jane Doe"}

        """)

    /// Keys whose values start the next line (`"location":`, then `{` at the key's column): a chunk
    /// that starts at the `{` or at the name's string depends on the key in the carry.
    static let allmanDocument = bytes("""
        {
          "name":
            "Jane Doe",
          "location":
          {
            "city": "Athlone"
          },
          "custom_attributes":
          {
            "ssn": "321-54-9876"
          }
        }

        """)

    /// Docker's json-file log: each line of a document the `log` string of a record (a chunk that
    /// starts at the city's record depends on the carry), then an XML payload with Go's escaped
    /// tags, whose address goes on at the first column. A record without its newline (a part of a
    /// longer line) goes on in the next one, though it starts as a record does: the names inside
    /// `location` (`[`), the value of `custom_attributes` (`{`), then the SSN's string.
    static let dockerDocument = bytes(#"""
        {"log":"{\n","stream":"stdout","time":"2026-11-25T02:10:55.000000001Z"}
        {"log":"  \"location\": {\n","stream":"stdout","time":"2026-11-25T02:10:55.000000002Z"}
        {"log":"    \"city\": \"Tullamore\",\n","stream":"stderr","time":"2026-11-25T02:10:55.000000003Z"}
        {"log":"    \"names\": ","stream":"stdout","time":"2026-11-25T02:10:55.000000003Z"}
        {"log":"[\"Birr\", \"Banagher\"]\n","stream":"stdout","time":"2026-11-25T02:10:55.000000003Z"}
        {"log":"  },\n","stream":"stdout","time":"2026-11-25T02:10:55.000000004Z"}
        {"log":"  \"custom_attributes\": ","stream":"stdout","time":"2026-11-25T02:10:55.000000005Z"}
        {"log":"{\"ssn\": \"222-","stream":"stdout","time":"2026-11-25T02:10:55.000000006Z"}
        {"log":"33-4444\", \"address\": \"9 Bridge St\"}\n","stream":"stdout","time":"2026-11-25T02:10:55.000000006Z"}
        {"log":"}\n","stream":"stdout","time":"2026-11-25T02:10:55.000000007Z"}
        {"log":"\u003ccustom_attributes\u003e\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
        {"log":"  \u003caddress\u003e3 Canal St\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
        {"log":"Mullingar\u003c/address\u003e\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}
        {"log":"\u003c/custom_attributes\u003e\n","stream":"stdout","time":"2026-11-25T02:10:56Z"}

        """#)

    static var documentsSize: Int {
        EngineThroughPipelineTests.document.count + xmlDocument.count + yamlDocument.count + criDocument.count
            + allmanDocument.count + dockerDocument.count
    }

    @Test(arguments: Array(1...64) + [Int.max])
    func prettyPrintedDocumentsCutEverywhere(chunkSize: Int) throws {
        let expected = Self.plan.redact(bytes: Self.input)
        let text = String(decoding: expected, as: UTF8.self)
        #expect(!text.contains("Dublin") && !text.contains("123-45-6789"))
        #expect(!text.contains("987-65-4321") && !text.contains("Main St"))
        #expect(!text.contains("Springfield") && !text.contains("Ireland"))
        #expect(!text.contains("Limerick") && !text.contains("555-12-3456") && !text.contains("Quay") && !text.contains("Galway"))
        #expect(!text.contains("Ennis") && !text.contains("Tralee"))
        #expect(!text.contains("Kilkenny") && !text.contains("444-55-6666"))
        #expect(!text.contains("Wexf") && !text.contains("ord\"") && !text.contains("Eire"))
        #expect(!text.contains("Carlow") && !text.contains("Sligo"))
        #expect(!text.contains("Athlone") && !text.contains("321-54-9876") && !text.contains("Jane Doe"))
        #expect(!text.contains("Tullamore") && !text.contains("222-33-4444") && !text.contains("Canal") && !text.contains("Mullingar")
                && !text.contains("33-4444") && !text.contains("Bridge") && !text.contains("Birr"))
        var reference = StreamRedactor(plan: Self.plan)
        var scratch: [UInt8] = []
        Self.input.withUnsafeBytes { reference.feed($0, into: &scratch) }
        reference.finish(into: &scratch)

        var outputs: [[UInt8]] = []
        for threads in [1, 2] {
            var c = PipelineConfiguration(maxRecordSize: Self.plan.maxRecordSize)
            c.chunkSize = min(chunkSize, Self.input.count)
            c.threads = threads
            c.inlineThreshold = 0
            c.alwaysSpeculate = true
            let p = Pipeline(plan: Self.plan, configuration: c)
            let out = MemorySink()
            try p.run(source: MemorySource(Self.input, maxReadSize: 4096), sink: out)
            expectSameBytes(out.bytes, expected, "threads \(threads), chunk \(chunkSize)")
            outputs.append(out.bytes)
            #expect(p.stats.lines == reference.stats.lines)
            #expect(p.stats.byKind == reference.stats.byKind)
            #expect(p.stats.byField == reference.stats.byField)
            #expect(p.stats.bytesOut == expected.count)
            // Only the lines of the documents a chunk started in are ever redone (a JSON document
            // and the XML one right after it, whose first line starts with a tag).
            #expect(p.counters.redoneBytes <= p.counters.redoneChunks * Self.documentsSize)
        }
        #expect(outputs[0] == outputs[1])
    }

    /// Chunks of a few documents each, read in small pieces: some start inside a `location` or
    /// `custom_attributes` object (whose fields are redacted because of the key on an earlier
    /// line) and are redone, only up to the document's end (the XML document's, when it follows).
    @Test func chunksStartingInsideADocumentAreRedoneUpToItsEnd() throws {
        let expected = Self.plan.redact(bytes: Self.input)
        var redone = 0, redoneBytes = 0
        for chunk in stride(from: 300, through: 900, by: 50) {
            var c = PipelineConfiguration(maxRecordSize: Self.plan.maxRecordSize)
            c.chunkSize = chunk
            c.threads = 2
            c.inlineThreshold = 0
            c.alwaysSpeculate = true
            let p = Pipeline(plan: Self.plan, configuration: c)
            let out = MemorySink()
            try p.run(source: MemorySource(Self.input, maxReadSize: 64), sink: out)
            expectSameBytes(out.bytes, expected, "chunk \(chunk)")
            redone += p.counters.redoneChunks
            redoneBytes += p.counters.redoneBytes
        }
        #expect(redone > 3)
        #expect(redoneBytes <= redone * Self.documentsSize)
        #expect(redoneBytes < redone * 300, "redos are parts of chunks")
    }

    /// Compact JSON and plain lines never depend on the carry: nothing is redone.
    @Test func plainLinesAreNeverRedone() throws {
        var input: [UInt8] = []
        for i in 0..<400 {
            input += bytes("{\"type\":\"contact\",\"email\":\"u\(i)@example.com\",\"location\":{\"city\":\"Cork\"}}\n")
            input += bytes("2026-11-23T10:00:00Z INFO call +44 20 7946 0958 about order \(i)\n")
        }
        var c = PipelineConfiguration(maxRecordSize: Self.plan.maxRecordSize)
        c.chunkSize = 300
        c.threads = 2
        c.inlineThreshold = 0
        c.alwaysSpeculate = true
        let p = Pipeline(plan: Self.plan, configuration: c)
        let out = MemorySink()
        try p.run(source: MemorySource(input, maxReadSize: 4096), sink: out)
        expectSameBytes(out.bytes, Self.plan.redact(bytes: input))
        #expect(p.counters.parallelChunks > 50)
        #expect(p.counters.redoneChunks == 0)
    }
}
