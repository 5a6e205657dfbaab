import Foundation
import Redact
@testable import RedactIO
import Testing
import Synchronization

@Suite struct PipelineTests {
    static let input = awkwardInput(seed: 7, lines: 400, longLine: 40)

    /// Every read size from 1 to 64 bytes, and the whole input at once, gives the oracle's output,
    /// on one thread and on two workers with chunks far smaller than the input.
    @Test(arguments: Array(1...64) + [Int.max])
    func everyReadSizeGivesTheSameOutput(readSize: Int) {
        let expected = referenceRedact(Self.input, maxRecordSize: 48)
        for threads in [1, 2] {
            let (out, p, _) = runFake(
                Self.input, readSize: readSize, chunkSize: 96, maxRecordSize: 48, threads: threads)
            expectSameBytes(out, expected.output, "threads \(threads)")
            #expect(p.stats.oversizedRecords == expected.oversized)
            #expect(p.oversizedRecords == expected.oversized)
            #expect(p.stats.byKind["piece", default: 0] > 0)
        }
    }

    @Test func statisticsAreThoseOfTheAcceptedRunsOnly() {
        var reference = FakeRedactor()
        var sink: [UInt8] = []
        Self.input.withUnsafeBytes { reference.redactLines($0, into: &sink) }
        let (_, p, _) = runFake(Self.input, readSize: 1000, chunkSize: 64, maxRecordSize: 1 << 20, threads: 2)
        #expect(p.redoneChunks > 0)
        #expect(p.stats.lines == reference.stats.lines)
        #expect(p.stats.bytesIn == Self.input.count)
        #expect(p.stats.byKind == reference.stats.byKind)
    }

    /// Chunks that start inside a multi-line document are redacted from `.initial` first, found
    /// wrong when written, and redone with the right carry.
    @Test func wrongSpeculativeCarryIsRedone() {
        var doc: [UInt8] = []
        for i in 0..<2000 {
            doc += bytes("{\n  \"n\": \(i),\n  \"inner\": {\n    \"x\": 1\n  }\n}\n")
        }
        let expected = referenceRedact(doc, maxRecordSize: 1 << 20)
        let (out, p, _) = runFake(doc, readSize: 4096, chunkSize: 1000, maxRecordSize: 1 << 20, threads: 2)
        expectSameBytes(out, expected.output)
        #expect(p.parallelChunks > 10)
        #expect(p.redoneChunks > 0)
        #expect(p.redoneChunks <= p.parallelChunks)
    }

    /// Many chunks on 2, 3 and 4 workers come out in input order.
    @Test(arguments: [2, 3, 4])
    func manyChunksComeOutInOrder(threads: Int) {
        var input: [UInt8] = []
        for i in 0..<60_000 { input += bytes("line \(i) x\n") }
        let expected = referenceRedact(input, maxRecordSize: 4096)
        let (out, p, sink) = runFake(input, readSize: 3000, chunkSize: 1024, maxRecordSize: 4096, threads: threads)
        expectSameBytes(out, expected.output)
        #expect(p.parallelChunks > 500)
        #expect(sink.finished)
        // Few writes: one per chunk, never one per line.
        #expect(sink.writeCount <= p.parallelChunks + p.inlineChunks)
    }

    /// Two threads (a worker and the calling thread) redact two chunks at the same time: each
    /// redaction waits (up to a few seconds, a safety net rather than a measure) until another one
    /// is running, so a pipeline that serialised its redactions (a lock held while redacting, one
    /// chunk in flight) would see one at a time.
    @Test func twoWorkersRedactAtTheSameTime() {
        final class Probe: @unchecked Sendable {
            let active = Atomic<Int>(0)
            let most = Atomic<Int>(0)
        }
        var input: [UInt8] = []
        for i in 0..<2000 { input += bytes("line \(i) x\n") }
        let probe = Probe()
        var c = PipelineConfiguration(maxRecordSize: 4096)
        c.chunkSize = 4096
        c.threads = 2
        c.inlineThreshold = 0
        let p = Pipeline(configuration: c) {
            HookedRedactor(before: {
                let now = probe.active.add(1, ordering: .sequentiallyConsistent).newValue
                _ = probe.most.max(now, ordering: .sequentiallyConsistent)
                var waited = 0
                while probe.most.load(ordering: .sequentiallyConsistent) < 2 && waited < 5000 {
                    usleep(1000)
                    waited += 1
                }
            }, after: { probe.active.subtract(1, ordering: .sequentiallyConsistent) })
        }
        let sink = MemorySink()
        try! p.run(source: MemorySource(input), sink: sink)
        expectSameBytes(sink.bytes, referenceRedact(input, maxRecordSize: 4096).output)
        #expect(probe.most.load(ordering: .sequentiallyConsistent) == 2)
        #expect(p.parallelChunks > 4)
    }

    /// Lines longer than a chunk: a chunk goes as soon as it holds a line's end (it reads on in
    /// quarter chunks past its size, not up to a whole record more), and chunks that lines made
    /// big count for more than one in flight, so the buffers' memory stays near that of ordinary
    /// chunks (`chunksInFlight` of them). Slow redactions keep every buffer the reader may fill
    /// in flight.
    @Test func longLinesKeepFewerChunksInFlight() {
        var input: [UInt8] = []
        for i in 0..<200 { input += bytes(String(repeating: "w\(i % 10) ", count: 1000)) + [0x0A] }
        var c = PipelineConfiguration(maxRecordSize: 16_384)
        c.chunkSize = 1024
        c.threads = 2
        c.inlineThreshold = 0
        let p = Pipeline(configuration: c) { HookedRedactor(before: { usleep(500) }) }
        let sink = MemorySink()
        try! p.run(source: MemorySource(input), sink: sink)
        expectSameBytes(sink.bytes, referenceRedact(input, maxRecordSize: 16_384).output)
        let counters = p.counters
        // One 3,001-byte line per chunk (reading on to a whole record: five lines).
        #expect(counters.largestChunk <= 1024 + 3001 + 256)
        // At most (threads + 3 - 1) chunk sizes, and the chunk that joined last (five whole
        // chunks of 3,001 bytes without the byte budget).
        #expect(counters.mostBytesInFlight <= 4 * 1024 + counters.largestChunk)
        #expect(p.parallelChunks > 100)
    }

    /// A chunk that reached past its size (a long line) gives the pages past it back when it is
    /// written; the slot's next chunks, read into those pages again, come out right.
    @Test func longLinesGiveTheirPagesBack() {
        var input: [UInt8] = []
        for i in 0..<60 {
            input += bytes(String(repeating: "u\(i)@example.com +44 20 7946 0958 ", count: i % 3 == 0 ? 1200 : 1)) + [0x0A]
        }
        var c = PipelineConfiguration(maxRecordSize: 1 << 16)
        c.chunkSize = 8192
        c.threads = 2
        c.inlineThreshold = 0
        let plan = try! RedactionPlan(maxRecordSize: 1 << 16)
        let p = Pipeline(configuration: c) { LineRedactor(plan: plan) }
        let sink = MemorySink()
        try! p.run(source: MemorySource(input), sink: sink)
        let expected = referenceRedact(input, maxRecordSize: 1 << 16, LineRedactor(plan: plan)).output
        expectSameBytes(sink.bytes, expected)
        #expect(!String(decoding: sink.bytes, as: UTF8.self).contains("@example.com"))
        #expect(p.counters.largestChunk > 8192 + 8192 / 2)
    }

    /// `Sys.discardPages` zeroes the whole pages inside the range and nothing else.
    @Test func discardedPagesReadAsZeros() {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8 * page, alignment: page)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0xAB)
        Sys.discardPages(buffer, from: page + page / 2, to: 5 * page + 10)
        for (i, b) in buffer.enumerated() {
            let discarded = i >= 2 * page && i < 5 * page
            if b != (discarded ? 0 : 0xAB) { Issue.record("byte \(i): \(b)"); return }
        }
    }

    /// With every worker busy and every buffer in flight, the calling thread redacts a queued chunk
    /// itself instead of waiting: the workers' chunks are held until the calling thread has
    /// redacted one, so a pipeline that only waited would wait out the safety net (a few seconds)
    /// on every chunk. The output stays in input order; `threads` counts the calling thread
    /// (threads - 1 workers).
    @Test(arguments: [2, 3])
    func theCallingThreadRedactsWhenEveryWorkerIsBusy(threads: Int) {
        final class Gate: @unchecked Sendable {
            let callerRedactions = Atomic<Int>(0)
            let workerRedactions = Atomic<Int>(0)
            let caller = pthread_self()
        }
        var input: [UInt8] = []
        for i in 0..<3000 { input += bytes("line \(i) x\n") }
        let gate = Gate()
        var c = PipelineConfiguration(maxRecordSize: 4096)
        c.chunkSize = 4096
        c.threads = threads
        c.inlineThreshold = 0
        let p = Pipeline(configuration: c) {
            HookedRedactor(before: {
                if pthread_equal(pthread_self(), gate.caller) != 0 {
                    gate.callerRedactions.add(1, ordering: .sequentiallyConsistent)
                    // On a loaded machine a worker may not have run yet, and the calling thread
                    // could redact every chunk before one does: it waits (bounded) for a worker to
                    // take one, so both kinds of redaction happen whatever the scheduling.
                    var waited = 0
                    while gate.workerRedactions.load(ordering: .sequentiallyConsistent) == 0 && waited < 5000 {
                        usleep(1000)
                        waited += 1
                    }
                } else {
                    gate.workerRedactions.add(1, ordering: .sequentiallyConsistent)
                    // A worker: busy until the calling thread has redacted a chunk of its own.
                    var waited = 0
                    while gate.callerRedactions.load(ordering: .sequentiallyConsistent) == 0 && waited < 5000 {
                        usleep(1000)
                        waited += 1
                    }
                }
            })
        }
        let sink = MemorySink()
        try! p.run(source: MemorySource(input), sink: sink)
        expectSameBytes(sink.bytes, referenceRedact(input, maxRecordSize: 4096).output, "threads \(threads)")
        #expect(p.callerChunks > 0)
        #expect(gate.callerRedactions.load(ordering: .sequentiallyConsistent) >= p.callerChunks)
        #expect(p.parallelChunks > p.callerChunks, "the workers redacted chunks too")
    }

    @Test func oversizedRecordsAreCutAndCounted() {
        // One record of 10_000 bytes without a space, one with spaces, then a normal line.
        var input = [UInt8](repeating: UInt8(ascii: "q"), count: 10_000) + [0x0A]
        for i in 0..<2000 { input += bytes("w\(i % 10) ") }
        input += bytes("\nshort x\n")
        let expected = referenceRedact(input, maxRecordSize: 1000)
        for readSize in [1, 7, 999, 1000, 1001, 65536] {
            let (out, p, _) = runFake(input, readSize: readSize, chunkSize: 4096, maxRecordSize: 1000, threads: 2)
            expectSameBytes(out, expected.output, "read size \(readSize)")
            #expect(p.stats.oversizedRecords == 2)
            #expect(p.oversizedRecords == 2)
            #expect(expected.oversized == 2)
        }
        // Every piece is at most maxRecordSize bytes of input, and none is passed through raw.
        let text = String(decoding: expected.output, as: UTF8.self)
        // 9 pieces of 1000 bytes (the last 1000 fit), then 6 of 999 (cut after the last space).
        #expect(text.components(separatedBy: "</>").count - 1 == 9 + 6)
        #expect(text.components(separatedBy: "rest0|").count - 1 == 2)
        #expect(text.hasSuffix("0|short X\n"))
    }

    @Test func theRealEnginePassesThroughWhatItDoesNotRedact() throws {
        let input = bytes("plain line one\r\nno pii here\n\nlast line without newline")
        let plan = try RedactionPlan(maxRecordSize: 1 << 20)
        for readSize in [1, 2, 3, 5, Int.max] {
            let p = Pipeline(plan: plan)
            let sink = MemorySink()
            try p.run(source: MemorySource(input, maxReadSize: readSize), sink: sink)
            #expect(sink.bytes == input)
            #expect(p.stats.bytesIn == input.count)
        }
    }

    @Test func emptyInputWritesNothingAndFinishes() {
        let (out, p, sink) = runFake([], readSize: 10, chunkSize: 64, maxRecordSize: 64, threads: 2)
        #expect(out.isEmpty)
        #expect(sink.finished)
        #expect(p.parallelChunks + p.inlineChunks == 0)
    }

    @Test func tinyInputsStayOnTheCallingThread() {
        let (out, p, _) = runFake(bytes("a\nb\n"), readSize: .max, chunkSize: 1 << 20, maxRecordSize: 1 << 20,
                                  threads: 2, inlineThreshold: 64 << 10)
        #expect(out == bytes("0|a\n0|b\n"))
        #expect(p.parallelChunks == 0)
        #expect(p.inlineChunks == 1)
    }

    /// Input errors from the source end the current record, are reported after everything
    /// before them is written, and the run carries on.
    @Test func inputErrorsAreReportedAfterTheDataBeforeThem() {
        final class Failing: ByteSource {
            var step = 0
            func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
                step += 1
                let data: [UInt8]
                switch step {
                case 1: data = bytes("one\ntwo")
                case 2: return .failed(InputError(input: "f", kind: .read(errno: EIO)))
                case 3: data = bytes("three\n")
                default: return .end
                }
                buffer.copyBytes(from: data)
                return .bytes(data.count)
            }
            func isReady() -> Bool { true }
        }
        var c = PipelineConfiguration(maxRecordSize: 64)
        c.threads = 2
        let p = Pipeline(configuration: c) { FakeRedactor() }
        let sink = MemorySink()
        var seenAtError: [UInt8] = []
        p.onInputError = { _ in seenAtError = sink.bytes }
        try! p.run(source: Failing(), sink: sink)
        #expect(seenAtError == bytes("0|one\n0|two"))
        #expect(sink.bytes == bytes("0|one\n0|two0|three\n"))
        #expect(p.inputErrors.count == 1)
    }

    /// A sink that fails stops the run with its error, and the workers are shut down.
    @Test func sinkErrorsStopTheRun() {
        final class Broken: ByteSink {
            var writes = 0
            func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
                writes += 1
                if writes == 3 { throw IOError(.write, code: EPIPE, role: .output, path: "<stdout>") }
            }
            func flush() throws(IOError) {}
            func finish() throws(IOError) {}
        }
        var input: [UInt8] = []
        for i in 0..<10_000 { input += bytes("line \(i)\n") }
        var c = PipelineConfiguration(maxRecordSize: 1024)
        c.chunkSize = 1024
        c.threads = 2
        c.inlineThreshold = 0
        let p = Pipeline(configuration: c) { FakeRedactor() }
        let sink = Broken()
        #expect(throws: IOError.self) { try p.run(source: MemorySource(input), sink: sink) }
        #expect(sink.writes == 3)
    }
}

/// Prompt flushing over real pipes: complete lines come out while the input stays open.
@Suite struct IdleFlushTests {
    static func readAvailable(_ fd: Int32, until expected: Int, timeoutMs: Int32 = 5000) -> [UInt8] {
        var got: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while got.count < expected {
            guard Sys.isReadable(fd, timeoutMilliseconds: timeoutMs) else { break }
            let n = buf.withUnsafeMutableBytes { Sys.read(fd, into: $0) }
            if n <= 0 { break }
            got += buf[0..<n]
        }
        return got
    }

    @Test func completeLinesAreWrittenWhenInputIsIdleAndPartialLinesOnRequest() throws {
        let input = Pipe2()
        let output = Pipe2()
        let control = PipelineControl()
        var c = PipelineConfiguration(maxRecordSize: 1 << 20)
        c.threads = 2
        c.idleSliceMilliseconds = 10
        nonisolated(unsafe) let p = Pipeline(configuration: c, control: control) { FakeRedactor() }
        let runner = Background {
            let source = FileDescriptorSource(fd: input.read, name: "<pipe>")
            let sink = FileDescriptorSink(fd: output.write, name: "<pipe>")
            _ = try? p.run(source: source, sink: sink)
            close(output.write)
        }
        _ = bytes("first x\nsecond, thi").withUnsafeBytes { Sys.writeAll(input.write, $0) }
        #expect(Self.readAvailable(output.read, until: 10) == bytes("0|first X\n"))
        // The partial line waits for its newline...
        #expect(!Sys.isReadable(output.read, timeoutMilliseconds: 100))
        // ...unless a flush of the partial line is requested (the follow-mode timeout hook): then
        // it is written up to its last safe cut.
        control.requestPartialLineFlush()
        #expect(Self.readAvailable(output.read, until: 10) == bytes("0|second, "))
        _ = bytes("rd line x\n").withUnsafeBytes { Sys.writeAll(input.write, $0) }
        // The rest, as redacted in the whole line.
        #expect(Self.readAvailable(output.read, until: 13) == bytes("third line X\n"))
        close(input.write)
        #expect(runner.join(timeoutSeconds: 10))
        #expect(Self.readAvailable(output.read, until: 1).isEmpty)
        close(input.read)
        close(output.read)
    }

    /// A sink that passes bytes on only when flushed (as a compressor does): output reaches the
    /// reader only at the pipeline's idle points.
    final class FlushOnlySink: ByteSink {
        let fd: Int32
        var held: [UInt8] = []
        init(fd: Int32) { self.fd = fd }
        func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) { held += bytes }
        func flush() throws(IOError) {
            _ = held.withUnsafeBytes { Sys.writeAll(fd, $0) }
            held.removeAll()
        }
        func finish() throws(IOError) { try flush() }
    }

    /// A writer that writes exactly one chunk of complete lines, then pauses: those lines come out
    /// before any more input arrives, whether the chunk is redacted inline or on a worker, and with
    /// a sink that only passes bytes on at a flush. (The read that exactly filled the chunk used to
    /// go back to a blocking read without writing or flushing.)
    @Test(arguments: [(1, false), (2, false), (1, true), (2, true)])
    func aReadThatExactlyFillsTheChunkIsWrittenBeforeTheNextRead(threads: Int, flushOnly: Bool) throws {
        let chunkSize = 4096
        var lines: [UInt8] = []
        var i = 0
        while lines.count < chunkSize {
            let line = bytes("line \(i) x\n")
            if lines.count + line.count > chunkSize {
                lines += [UInt8](repeating: UInt8(ascii: "p"), count: chunkSize - lines.count - 1) + [0x0A]
            } else {
                lines += line
            }
            i += 1
        }
        #expect(lines.count == chunkSize)
        var expected: [UInt8] = []
        var reference = FakeRedactor()
        lines.withUnsafeBytes { reference.redactLines($0, into: &expected) }

        let input = Pipe2()
        let output = Pipe2()
        var c = PipelineConfiguration(maxRecordSize: 1024)
        c.chunkSize = chunkSize
        c.threads = threads
        c.inlineThreshold = 0
        c.idleSliceMilliseconds = 10
        nonisolated(unsafe) let p = Pipeline(configuration: c) { FakeRedactor() }
        let runner = Background {
            let source = FileDescriptorSource(fd: input.read, name: "<pipe>")
            let sink: ByteSink = flushOnly ? FlushOnlySink(fd: output.write) : FileDescriptorSink(fd: output.write, name: "<pipe>")
            _ = try? p.run(source: source, sink: sink)
            close(output.write)
        }
        _ = lines.withUnsafeBytes { Sys.writeAll(input.write, $0) }
        // No more input until the output has come out (or 5 s have passed).
        let got = Self.readAvailable(output.read, until: expected.count)
        expectSameBytes(got, expected, "threads \(threads), flush-only sink \(flushOnly)")
        _ = bytes("last x\n").withUnsafeBytes { Sys.writeAll(input.write, $0) }
        close(input.write)
        #expect(runner.join(timeoutSeconds: 10))
        expectSameBytes(Self.readAvailable(output.read, until: 1000), bytes("0|last X\n"), "after more input")
        close(input.read)
        close(output.read)
    }

    @Test func stopRequestWritesEverythingReadSoFar() throws {
        let input = Pipe2()
        let output = Pipe2()
        let control = PipelineControl()
        var c = PipelineConfiguration(maxRecordSize: 1 << 20)
        c.idleSliceMilliseconds = 10
        nonisolated(unsafe) let p = Pipeline(configuration: c, control: control) { FakeRedactor() }
        let runner = Background {
            let source = FileDescriptorSource(fd: input.read, name: "<pipe>")
            let sink = FileDescriptorSink(fd: output.write, name: "<pipe>")
            _ = try? p.run(source: source, sink: sink)
            close(output.write)
        }
        _ = bytes("a\npartial").withUnsafeBytes { Sys.writeAll(input.write, $0) }
        #expect(Self.readAvailable(output.read, until: 4) == bytes("0|a\n"))
        control.requestStop()
        #expect(runner.join(timeoutSeconds: 10))
        #expect(Self.readAvailable(output.read, until: 100) == bytes("0|partial"))
        close(input.write)
        close(input.read)
        close(output.read)
    }
}
