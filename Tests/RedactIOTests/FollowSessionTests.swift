import Foundation
import Redact
import RedactIO
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs follow mode as the CLI does (Follower → FollowSource → Pipeline → sink, with a Session
/// for ticks) on its own thread.
final class FollowPipelineHarness: @unchecked Sendable {
    enum Redactor: Sendable { case engine, fake }

    let stop = StopSignal()
    let sink = FollowMemorySink()
    let statsLines = FollowShared<[String]>([])
    let notices = FollowShared<[String]>([])
    let result = FollowShared<Result<RedactionStats, IOError>?>(nil)
    let lag = FollowShared(-1)
    private var thread: FollowThread?

    init(path: String, fromStart: Bool = false, redactor: Redactor = .engine,
         partialFlush: Duration? = .milliseconds(500), statsInterval: Duration? = nil,
         signals: SignalMonitor? = nil, outputFile: String? = nil, metricsFile: String? = nil) {
        let stop = signals?.stop ?? self.stop
        let sink = self.sink, statsLines = self.statsLines, notices = self.notices, result = self.result
        let lag = self.lag
        let ready = DispatchSemaphore(value: 0)
        thread = FollowThread {
            let follower = Follower(path: path, options: FollowOptions(fromStart: fromStart), stop: stop)
            let source = FollowSource(follower: follower)
            source.waitSlice = .milliseconds(20)
            let session = Session(
                configuration: SessionConfiguration(
                    partialFlush: partialFlush, statsInterval: statsInterval, metricsFile: metricsFile),
                signals: signals, emit: { s in statsLines.update { $0.append(s) } },
                notice: { s in notices.update { $0.append(s) } })
            session.followSource = source
            var output: ByteSink = sink
            if let outputFile {
                let fd = open(outputFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                let reopening = ReopeningSink(path: outputFile, fd: fd) {
                    FileDescriptorSink(fd: $0, name: outputFile, closeWhenDone: true)
                }
                session.reopeningSink = reopening
                output = reopening
            }
            var configuration = PipelineConfiguration(maxRecordSize: 1 << 16)
            configuration.threads = 2
            configuration.idleSliceMilliseconds = 20
            ready.signal()
            switch redactor {
            case .engine:
                let pipeline = Pipeline(plan: .intercom, configuration: configuration)
                session.attach(to: pipeline)
                do throws(IOError) {
                    result.set(.success(try pipeline.run(source: source, sink: output)))
                } catch {
                    result.set(.failure(error))
                }
                session.finish(pipeline)
            case .fake:
                let pipeline = Pipeline(configuration: configuration) { FakeRedactor() }
                session.attach(to: pipeline)
                do throws(IOError) {
                    result.set(.success(try pipeline.run(source: source, sink: output)))
                } catch {
                    result.set(.failure(error))
                }
                session.finish(pipeline)
            }
            lag.set(source.lagBytes)
        }
        ready.wait()
    }

    /// Triggers the stop signal and waits for the run to end.
    @discardableResult
    func stopAndWait() throws -> RedactionStats {
        stop.trigger()
        #expect(thread!.join(timeout: 10), "follow run did not stop")
        return try result.get()!.get()
    }

    func wait() { thread?.join() }
}

@Suite("Follow mode pipeline")
struct FollowSessionTests {
    @Test func anIdleLineIsWrittenWithinMilliseconds() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowPipelineHarness(path: path)
        var latencies: [Duration] = []
        let clock = ContinuousClock()
        for i in 0..<20 {
            let line = "event \(i) user=someone\n"
            let t0 = clock.now
            followAppend(path, line)
            #expect(followEventually(5) { h.sink.text.hasSuffix(line) })
            latencies.append(clock.now - t0)
        }
        try h.stopAndWait()
        latencies.sort()
        // Generous bound for a loaded CI machine; typical is about a millisecond.
        #expect(latencies[latencies.count / 2] < .milliseconds(200), "median \(latencies[latencies.count / 2])")
        #expect(h.sink.isFinished)
    }

    @Test func aPartialLineWaitsThenIsFlushedAfterTheTimeout() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowPipelineHarness(path: path, partialFlush: .milliseconds(300))
        followAppend(path, "complete\nhalf a li")
        #expect(followEventually(5) { h.sink.text == "complete\n" })
        let clock = ContinuousClock()
        let t0 = clock.now
        usleep(100_000)
        #expect(h.sink.text == "complete\n", "partial line written before its timeout")
        // Up to its last safe cut: "li" may be the start of anything (it waits for the rest).
        #expect(followEventually(5) { h.sink.text == "complete\nhalf a " })
        #expect(clock.now - t0 >= .milliseconds(250))
        followAppend(path, "ne, finished\n")
        #expect(followEventually(5) { h.sink.text == "complete\nhalf a line, finished\n" })
        try h.stopAndWait()
        #expect(h.sink.text == "complete\nhalf a line, finished\n")
    }

    /// A token that never ends is masked after the timeout and five more without a safe cut; the
    /// final statistics line and the metrics file count the flush and the mask.
    @Test func aMaskedPartialLineIsCountedInStatsAndMetrics() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        let metrics = dir.file("redact.prom")
        followAppend(path, "")
        let h = FollowPipelineHarness(path: path, partialFlush: .milliseconds(20), statsInterval: .seconds(3600),
                                      metricsFile: metrics)
        followAppend(path, "first\nok bob@exa")
        #expect(followEventually(10) { h.sink.text == "first\nok [REDACTED:partial]" })
        followAppend(path, "mple.com still the same line\nlast\n")
        #expect(followEventually(5) { h.sink.text == "first\nok [REDACTED:partial]\nlast\n" })
        let stats = try h.stopAndWait()
        #expect(stats.partialFlushes == 1 && stats.partialMasks == 1 && stats.lines == 3)
        #expect(stats.bytesOut == h.sink.text.utf8.count)
        let final = try #require(h.statsLines.get().last)
        #expect(final.hasPrefix("{\"event\":\"final\""))
        #expect(final.contains(#""partial_flushes":1,"partial_masks":1"#), "\(final)")
        let prom = followReadFile(metrics)
        #expect(prom.contains("\nredact_partial_flushes_total 1\n"), "\(prom)")
        #expect(prom.contains("\nredact_partial_masks_total 1\n"), "\(prom)")
        #expect(prom.contains("\nredact_finished 1\n"))
        for secret in ["bob", "exa", "mple"] {
            #expect(!final.contains(secret) && !prom.contains(secret))
        }
    }

    @Test func aPartialLineAtRotationIsEndedNotJoined() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowPipelineHarness(path: path, partialFlush: nil)
        followAppend(path, "first\nno newline at the end")
        #expect(followEventually(5) { h.sink.text == "first\n" })
        #expect(rename(path, path + ".1") == 0)
        followAppend(path, "second file\n")
        #expect(followEventually(5) { h.sink.text == "first\nno newline at the end\nsecond file\n" })
        try h.stopAndWait()
    }

    @Test func stopWritesEverythingAlreadyRead() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "before start\n")
        let h = FollowPipelineHarness(path: path, fromStart: true, partialFlush: nil, statsInterval: .seconds(3600))
        var body = ""
        for i in 0..<2000 { body += "line \(i) of the stop test\n" }
        followAppend(path, body + "trailing partial")
        let expected = "before start\n" + body + "trailing partial"
        // Wait until everything is read (the partial line is held back, waiting for its newline).
        #expect(followEventually(5) { h.sink.text.count == expected.count - "trailing partial".count })
        let stats = try h.stopAndWait()
        #expect(h.sink.text == expected)
        #expect(h.sink.isFinished)
        #expect(stats.bytesIn == expected.utf8.count)
        let lines = h.statsLines.get()
        #expect(lines.count == 1)
        #expect(lines.last?.hasPrefix("{\"event\":\"final\"") == true)
        #expect(lines.last?.contains("\"lag_bytes\":0") == true)
        #expect(h.lag.get() == 0)
    }

    @Test func periodicStatsAreWritten() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowPipelineHarness(path: path, statsInterval: .milliseconds(50))
        followAppend(path, "one\ntwo\n")
        #expect(followEventually(5) { h.statsLines.get().count >= 3 })
        try h.stopAndWait()
        let lines = h.statsLines.get()
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("{\"event\":\"stats\"") })
        #expect(lines.last!.hasPrefix("{\"event\":\"final\""))
        #expect(lines.last!.contains("\"bytes_in\":8"))
        #expect(lines.last!.contains("\"rotations\":0"))
    }

    @Test func anOutputErrorEndsTheRun() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowPipelineHarness(path: path)
        h.sink.fail(with: EPIPE)
        followAppend(path, "line\n")
        h.wait()
        guard case .failure(let error) = h.result.get() else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.isBrokenPipe)
    }

    /// Every line goes through the redactor (the fake one turns `x` into `X` and prefixes each
    /// line), in order, once, while the file is rotated under a writer.
    @Test func everyLineIsRedactedOnceInOrderAcrossRotations() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowPipelineHarness(path: path, redactor: .fake, partialFlush: nil)
        let total = 1500
        let writerDone = FollowShared(false)
        let writer = FollowThread {
            for i in 0..<total {
                let d = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                followWriteAll(d, Array("line \(i) secret=xxxx\n".utf8))
                close(d)
                usleep(150)
            }
            writerDone.set(true)
        }
        let rotator = FollowThread {
            var k = 0
            while !writerDone.get() {
                usleep(20_000)
                k += 1
                rename(path, path + ".\(k)")
            }
        }
        #expect(followEventually(30) { writerDone.get() && h.sink.text.hasSuffix("line \(total - 1) secret=XXXX\n") })
        writer.join()
        rotator.join()
        try h.stopAndWait()
        let text = h.sink.text
        #expect(!text.contains("x"), "a byte reached the output without passing the redactor")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix("0|line ") && $0.hasSuffix(" secret=XXXX") })
        let plain = lines.map { String($0.dropFirst(2)) }.joined(separator: "\n") + "\n"
        let problem = followCheckNumbered(plain, prefix: "line", count: total)
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test func reopeningSinkSplitsOutputAtAChunkBoundary() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("out.log")
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let sink = ReopeningSink(path: path, fd: fd) { FileDescriptorSink(fd: $0, name: path, closeWhenDone: true) }
        try followWrite(sink, "one\n")
        #expect(rename(path, path + ".1") == 0)
        try followWrite(sink, "two\n")
        try sink.reopen()
        try followWrite(sink, "three\n")
        // A reopen without a rename appends, never truncates.
        try sink.reopen()
        try followWrite(sink, "four\n")
        try sink.finish()
        #expect(followReadFile(path + ".1") == "one\ntwo\n")
        #expect(followReadFile(path) == "three\nfour\n")
        #expect(sink.reopens == 2)
    }

    @Test func reopeningACompressedOutputEndsTheFrameInTheOldFile() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("out.log.zst")
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let sink = ReopeningSink(path: path, fd: fd) {
            ZstdEncodingSink(inner: FileDescriptorSink(fd: $0, name: path, closeWhenDone: true))
        }
        try followWrite(sink, "old file line\n")
        try sink.flush()
        #expect(rename(path, path + ".1") == 0)
        try sink.reopen()
        try followWrite(sink, "new file line\n")
        try sink.finish()
        // Each file is a complete zstd stream on its own.
        #expect(try followZstdDecompress(path + ".1") == "old file line\n")
        #expect(try followZstdDecompress(path) == "new file line\n")
    }
}

/// Writes a string to a sink (without a closure: typed throws through one trips the compiler).
func followWrite(_ sink: ByteSink, _ text: String) throws(IOError) {
    let bytes = Array(text.utf8)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
    defer { buffer.deallocate() }
    buffer.copyBytes(from: bytes)
    try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<bytes.count]))
}

/// `zstd -dc FILE` (the real tool), failing on a truncated frame.
func followZstdDecompress(_ path: String) throws -> String? {
    let candidates: [String] = ["/usr/bin/zstd", "/bin/zstd", "/usr/local/bin/zstd"]
    guard let zstd = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        return nil
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: zstd)
    p.arguments = ["-q", "-dc", path]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { return "zstd failed with status \(p.terminationStatus)" }
    return String(decoding: data, as: UTF8.self)
}
