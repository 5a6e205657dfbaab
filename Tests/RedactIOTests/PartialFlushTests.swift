import Redact
@testable import RedactIO
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A source that plays a script: bytes, and partial-line flush requests while it is idle.
final class ScriptedSource: ByteSource {
    enum Step {
        case bytes([UInt8])
        case flush
    }

    private var steps: [Step]
    private let control: PipelineControl

    init(_ steps: [Step], control: PipelineControl) {
        self.steps = steps
        self.control = control
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        while case .flush = steps.first { steps.removeFirst() }
        guard case .bytes(let b) = steps.first else { return .end }
        let n = min(b.count, buffer.count)
        for i in 0..<n { buffer[i] = b[i] }
        if n == b.count { steps.removeFirst() } else { steps[0] = .bytes(Array(b[n...])) }
        return .bytes(n)
    }

    /// Never ready: every read is followed by an idle point.
    func isReady() -> Bool { false }

    func waitReady(timeoutMilliseconds: Int32) -> Bool {
        if case .flush = steps.first {
            steps.removeFirst()
            control.requestPartialLineFlush()
            return false
        }
        return true
    }
}

/// Runs the real engine over a script of bytes and flush requests.
func runScript(_ steps: [ScriptedSource.Step], threads: Int = 1, plan: RedactionPlan = .intercom)
    -> (output: [UInt8], pipeline: Pipeline<LineRedactor>)
{
    let control = PipelineControl()
    var c = PipelineConfiguration(maxRecordSize: 1 << 20)
    c.chunkSize = 4096
    c.threads = threads
    c.idleSliceMilliseconds = 1
    let p = Pipeline(plan: plan, configuration: c, control: control)
    let sink = MemorySink()
    try! p.run(source: ScriptedSource(steps, control: control), sink: sink)
    return (sink.bytes, p)
}

@Suite struct PartialFlushTests {
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

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard n.count <= haystack.count else { return false }
        for i in 0...(haystack.count - n.count) where haystack[i..<(i + n.count)].elementsEqual(n) { return true }
        return false
    }

    /// A flush at every position of every line: what is written never holds a value (or a piece
    /// of one); when no mask was needed, the output is exactly the redaction of the whole line.
    @Test(arguments: Array(cases.indices))
    func everySplitPositionNeverWritesAValue(index: Int) {
        let (text, secrets) = Self.cases[index]
        let line = Array(text.utf8)
        let expected = RedactionPlan.intercom.redact(bytes: line)
        for s in secrets { #expect(!Self.contains(expected, s), "the engine itself keeps \(s)") }
        var aligned = 0
        for k in 1..<line.count {
            for extraFlushes in [0, 1, 6] {
                let steps: [ScriptedSource.Step] = [.bytes(Array(line[0..<k])), .flush]
                    + Array(repeating: .flush, count: extraFlushes) + [.bytes(Array(line[k...]))]
                let (out, p) = runScript(steps)
                for s in secrets {
                    #expect(!Self.contains(out, s), "split at \(k), \(extraFlushes) more flushes: a value came out: \(String(decoding: out, as: UTF8.self).debugDescription)")
                }
                #expect(out.last == 0x0A && out.filter { $0 == 0x0A }.count == 1, "one output line, split at \(k)")
                if p.partialMasks == 0 {
                    expectSameBytes(out, expected, "split at \(k), \(extraFlushes) more flushes")
                    aligned += 1
                } else {
                    #expect(Self.contains(out, "[REDACTED:partial]"))
                }
                // The counters say what happened: one mask per mask written, and the bytes are
                // those read and written, whichever way the line went out.
                #expect(p.stats.partialMasks == (Self.contains(out, "[REDACTED:partial]") ? 1 : 0))
                #expect(p.stats.partialMasks == p.partialMasks && p.stats.partialFlushes == p.partialFlushes)
                #expect(p.stats.bytesIn == line.count && p.stats.bytesOut == out.count, "split at \(k)")
                #expect(p.stats.lines == 1)
            }
        }
        // Most splits lose nothing: the mask is the exception.
        #expect(aligned > line.count)
    }

    /// Several flushes while the line grows: each writes up to the newest safe cut, and the
    /// pieces put together are the redaction of the whole line.
    @Test func aLineWrittenInManyPiecesComesOutAsAWhole() {
        let line = Array("{\"id\": 7, \"email\": \"bob@example.com\", \"tags\": [\"a\", \"b\"], \"phone\": \"+44 20 7946 0958\"}\n".utf8)
        let expected = RedactionPlan.intercom.redact(bytes: line)
        for step in 1...9 {
            var steps: [ScriptedSource.Step] = []
            var i = 0
            while i < line.count {
                let j = min(line.count, i + step)
                steps += [.bytes(Array(line[i..<j])), .flush]
                i = j
            }
            let (out, p) = runScript(steps)
            expectSameBytes(out, expected, "pieces of \(step)")
            #expect(p.partialMasks == 0)
            #expect(p.partialFlushes > 0)
            #expect(p.stats.bytesOut == out.count)
        }
    }

    /// A partial line with no safe cut is held; after `partialMaskAfterFlushes` requests in a row
    /// that find none, the mask is written for the rest of the line, which is dropped.
    @Test func aTokenWithoutSafeCutIsMaskedAfterSomeFlushes() {
        // The first request writes "ok "; four more find nothing new: still held.
        let few: [ScriptedSource.Step] = Array(repeating: .flush, count: 5)
        let held = runScript([.bytes(bytes("ok bob@exa"))] + few + [.bytes(bytes("mple.com ok\n"))])
        expectSameBytes(held.output, bytes("ok [REDACTED:email] ok\n"), "four idle flushes: still held")
        #expect(held.pipeline.partialMasks == 0)
        let masked = runScript([.bytes(bytes("ok bob@exa"))] + few + [.flush,
                                .bytes(bytes("mple.com, then carol@example.org\nnext x\n"))])
        expectSameBytes(masked.output, bytes("ok [REDACTED:partial]\nnext x\n"), "five idle flushes: masked")
        #expect(masked.pipeline.partialMasks == 1)
        #expect(masked.pipeline.stats.lines == 2)
    }

    /// The counters of partial lines reach every rendering of the statistics: `--stats`, the JSON
    /// statistics line, the Prometheus metrics and the JSON report.
    @Test func partialCountersReachStatsMetricsAndReport() {
        // One flush writes "ok ", five more find nothing new: masked; then a line flushed twice.
        let steps: [ScriptedSource.Step] = [.bytes(bytes("ok bob@exa"))] + Array(repeating: .flush, count: 6)
            + [.bytes(bytes("mple.com\nnext, carol@exa")), .flush, .bytes(bytes("mple.org and ")), .flush,
               .bytes(bytes("x\n"))]
        let (out, p) = runScript(steps)
        expectSameBytes(out, bytes("ok [REDACTED:partial]\nnext, [REDACTED:email] and x\n"))
        let stats = p.stats
        #expect(stats.partialFlushes == 3 && stats.partialMasks == 1)
        #expect(stats.lines == 2 && stats.bytesOut == out.count)

        let text = StatsReport.text(stats, elapsedSeconds: 1)
        let rows = text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(rows.contains("partial flushes 3"), "\(text)")
        #expect(rows.contains("partial masks 1"), "\(text)")
        let json = StatsFormat.jsonLine(StatsSnapshot(stats: stats, elapsedSeconds: 1, final: true))
        #expect(json.contains(#""limit_masks":0,"partial_flushes":3,"partial_masks":1"#), "\(json)")
        let prom = StatsFormat.prometheus(StatsSnapshot(stats: stats, elapsedSeconds: 1, final: true))
        #expect(prom.contains("\nredact_partial_flushes_total 3\n"))
        #expect(prom.contains("\nredact_partial_masks_total 1\n"))
        let report = RedactionReport.json(stats)
        #expect(report.contains(#""partial_flushes":3,"partial_masks":1"#), "\(report)")
        for rendered in [text, json, prom, report] {
            for secret in ["bob", "carol", "exa", "mple"] { #expect(!rendered.contains(secret)) }
        }
    }

    /// End of input and a stop while a line is held: the line is finished like any last line.
    @Test func endOfInputFinishesAHeldLine() {
        let (out, _) = runScript([.bytes(bytes("ok, bob@exa")), .flush, .bytes(bytes("mple.com"))])
        expectSameBytes(out, bytes("ok, [REDACTED:email]"))
    }

    /// The library's `StreamRedactor.flushPartial` shares the pipeline's rules: for a flush at
    /// every position (and more flushes that find nothing new), both write the same bytes and
    /// count the same flushes and masks. (The safe cuts themselves are tested in
    /// RedactTests/PartialLineTests.swift.)
    @Test(arguments: Array(cases.indices))
    func theStreamRedactorAgreesWithThePipeline(index: Int) {
        let line = Array(Self.cases[index].line.utf8)
        for k in 1..<line.count {
            for extraFlushes in [0, 1, 5] {
                let steps: [ScriptedSource.Step] = [.bytes(Array(line[0..<k])), .flush]
                    + Array(repeating: .flush, count: extraFlushes) + [.bytes(Array(line[k...]))]
                let (out, p) = runScript(steps)
                var r = StreamRedactor(plan: .intercom)
                var streamed: [UInt8] = []
                line[0..<k].withUnsafeBytes { r.feed($0, into: &streamed) }
                for _ in 0...extraFlushes { r.flushPartial(into: &streamed) }
                line[k...].withUnsafeBytes { r.feed($0, into: &streamed) }
                r.finish(into: &streamed)
                expectSameBytes(streamed, out, "split at \(k), \(extraFlushes) more flushes")
                #expect(r.stats.partialFlushes == p.stats.partialFlushes && r.stats.partialMasks == p.stats.partialMasks)
                #expect(r.stats.bytesIn == p.stats.bytesIn && r.stats.bytesOut == p.stats.bytesOut)
                #expect(r.stats.lines == p.stats.lines && r.stats.byKind == p.stats.byKind)
            }
        }
    }

    /// A held line that outgrows the record size: the stream and the pipeline both go on with an
    /// oversized record cut where the flush cut it, whichever way the rest arrives (in one piece,
    /// in chunks, with flushes between them).
    @Test func aHeldLineThatOutgrowsTheRecordSizeAgrees() throws {
        let plan = try RedactionPlan(maxRecordSize: 200)
        let filler = String(repeating: "lorem ipsum, ", count: 40)
        let rest = Array(("mple.com " + filler + "call +44 20 7946 0958 x\nnext sam@example.org\n").utf8)
        for size in [1, 7, 64, 199, 200, 201, rest.count] {
            for flushEveryChunk in [false, true] {
                var steps: [ScriptedSource.Step] = [.bytes(Array("ok, bob@exa".utf8)), .flush]
                var r = StreamRedactor(plan: plan)
                var streamed: [UInt8] = []
                Array("ok, bob@exa".utf8).withUnsafeBytes { r.feed($0, into: &streamed) }
                r.flushPartial(into: &streamed)
                var i = 0
                while i < rest.count {
                    let j = min(rest.count, i + size)
                    steps.append(.bytes(Array(rest[i..<j])))
                    rest[i..<j].withUnsafeBytes { r.feed($0, into: &streamed) }
                    if flushEveryChunk {
                        steps.append(.flush)
                        r.flushPartial(into: &streamed)
                    }
                    i = j
                }
                r.finish(into: &streamed)
                let (out, p) = runScript(steps, plan: plan)
                let note = "chunks of \(size), flushes \(flushEveryChunk)"
                expectSameBytes(streamed, out, note)
                for s in ["bob", "exa", "mple", "7946", "sam@"] { #expect(!Self.contains(out, s), "\(note)") }
                #expect(!Self.contains(out, "[REDACTED:partial]"), "\(note)")
                #expect(r.stats.oversizedRecords == 1 && p.stats.oversizedRecords == 1, "\(note)")
                #expect(r.stats.partialFlushes == p.stats.partialFlushes && r.stats.partialMasks == p.stats.partialMasks)
                #expect(r.stats.bytesIn == p.stats.bytesIn && r.stats.bytesOut == p.stats.bytesOut, "\(note)")
                #expect(r.stats.bytesOut == out.count && r.stats.lines == 2 && p.stats.lines == 2, "\(note)")
            }
        }
    }

    /// The lines after a masked line start from the initial carry, as in `StreamRedactor`: an
    /// array under `email` open before the masked line does not reach the line after it, whatever
    /// the reads, on one thread and two.
    @Test func theLinesAfterAMaskedLineStartFromTheInitialCarry() {
        let opener = bytes("{\"email\": [\n")
        let after = bytes("  \"plain words\",\n")
        let inContext = RedactionPlan.intercom.redact(bytes: opener + after)
        #expect(Array(inContext[opener.count...]) != after, "the array's context changes the line")
        let rest = bytes("mple.com\n") + after
        for threads in [1, 2] {
            for size in 1...rest.count {
                var steps: [ScriptedSource.Step] = [.bytes(opener + bytes("ok bob@exa"))]
                    + Array(repeating: .flush, count: 6)
                var i = 0
                while i < rest.count {
                    steps.append(.bytes(Array(rest[i..<min(rest.count, i + size)])))
                    i += size
                }
                let (out, p) = runScript(steps, threads: threads)
                expectSameBytes(out, opener + bytes("ok [REDACTED:partial]\n") + after,
                                "threads \(threads), reads of \(size)")
                #expect(p.partialMasks == 1 && p.stats.lines == 3)
            }
        }
    }

    /// A session's partial-flush counter counts the timed flushes that wrote part of a line, not
    /// the requests: the requests that find no new safe cut write nothing and are not counted, nor
    /// is the one that ends in the mask (counted as a mask).
    @Test func theSessionCountsPartialWritesNotRequests() {
        /// Serves its byte steps; between them, `idleSlices` wait slices with nothing to read, each
        /// as long as asked (the session's timeout counts idle time).
        final class IdleSource: ByteSource {
            var steps: [(bytes: [UInt8], idleSlices: Int)]
            var idleLeft = 0
            init(_ steps: [(bytes: [UInt8], idleSlices: Int)]) { self.steps = steps }
            func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
                guard !steps.isEmpty else { return .end }
                let (b, idle) = steps.removeFirst()
                for i in 0..<b.count { buffer[i] = b[i] }
                idleLeft = idle
                return .bytes(b.count)
            }
            func isReady() -> Bool { idleLeft == 0 }
            func waitReady(timeoutMilliseconds: Int32) -> Bool {
                guard idleLeft > 0 else { return true }
                idleLeft -= 1
                usleep(UInt32(timeoutMilliseconds) * 1000)
                return idleLeft == 0
            }
        }
        for threads in [1, 2] {
            var c = PipelineConfiguration(maxRecordSize: 1 << 16)
            c.threads = threads
            c.idleSliceMilliseconds = 2
            let p = Pipeline(plan: .intercom, configuration: c)
            // The timeout (1 ms) is shorter than a wait slice: the idle waits last 1 ms, and every idle
            // tick after the one where the input went idle requests a flush.
            let session = Session(configuration: SessionConfiguration(partialFlush: .milliseconds(1)),
                                  signals: nil, emit: { _ in }, notice: { _ in })
            session.attach(to: p)
            let sink = MemorySink()
            // 40 idle slices: "ok " is written, then five requests find nothing new and the mask
            // follows; 6 slices: "next, " is written, four more requests find nothing new.
            let source = IdleSource([(bytes("first\nok bob@exa"), 40), (bytes("mple.com\nnext, sam@exa"), 6),
                                     (bytes("mple.org x\n"), 0)])
            try! p.run(source: source, sink: sink)
            session.finish(p)
            expectSameBytes(sink.bytes, bytes("first\nok [REDACTED:partial]\nnext, [REDACTED:email] x\n"),
                            "threads \(threads)")
            // "ok " and "next, " were written by timed flushes; the mask is counted apart.
            #expect(p.stats.partialFlushes == 2 && p.stats.partialMasks == 1, "threads \(threads)")
            #expect(session.partialFlushes == 2, "threads \(threads): \(session.partialFlushes)")
        }
    }

    /// The pipeline ticks as soon as its input goes idle (where a partial line's timeout starts),
    /// before it waits; its idle waits last `nextTickMilliseconds` when the tick asks for less than
    /// a wait slice, the slice otherwise.
    @Test(arguments: [(Int32?.none, Int32(50)), (7, 7), (80, 50)])
    func idleWaitsEndWhenTheTickAsks(asked: Int32?, expected: Int32) {
        final class RecordingSource: ByteSource {
            var steps: [[UInt8]]
            var log: [String] = []
            var waitsLeft = 0
            init(_ steps: [[UInt8]]) { self.steps = steps }
            func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
                guard !steps.isEmpty else { return .end }
                let b = steps.removeFirst()
                for i in 0..<b.count { buffer[i] = b[i] }
                log.append("read \(b.count)")
                waitsLeft = 3
                return .bytes(b.count)
            }
            func isReady() -> Bool { steps.isEmpty }
            func waitReady(timeoutMilliseconds: Int32) -> Bool {
                log.append("wait \(timeoutMilliseconds)")
                waitsLeft -= 1
                return waitsLeft == 0
            }
        }
        var c = PipelineConfiguration(maxRecordSize: 1 << 16)
        c.threads = 1
        c.idleSliceMilliseconds = 50
        let p = Pipeline(configuration: c) { FakeRedactor() }
        let source = RecordingSource([bytes("one x\npart"), bytes("ial x\n")])
        p.onTick = { [unowned p] in
            source.log.append("tick \(p.bytesRead) \(p.inputIdle)")
            p.nextTickMilliseconds = asked
        }
        let sink = MemorySink()
        try! p.run(source: source, sink: sink)
        expectSameBytes(sink.bytes, bytes("0|one X\n0|partial X\n"))
        let w = "wait \(expected)"
        // After the first read: the line is written (a tick), the input goes idle (a tick), then
        // two idle waits with a tick after each, and the third finds input.
        #expect(source.log == ["read 10", "tick 10 false", "tick 10 true", w, "tick 10 true", w, "tick 10 true", w,
                               "read 6", "tick 16 false"], "\(source.log)")
    }

    /// The session's timer in whole milliseconds for the idle wait: rounded up, at least 1.
    @Test func timeoutsAreRoundedUpToWholeMilliseconds() {
        #expect(Session.milliseconds(.zero) == 1)
        #expect(Session.milliseconds(.nanoseconds(1)) == 1)
        #expect(Session.milliseconds(.milliseconds(5)) == 5)
        #expect(Session.milliseconds(.microseconds(5001)) == 6)
        #expect(Session.milliseconds(.seconds(3600)) == 3_600_000)
        #expect(Session.milliseconds(.seconds(1 << 40)) == Int32.max)
        #expect(Session.milliseconds(.milliseconds(-3)) == 1)
    }
}
