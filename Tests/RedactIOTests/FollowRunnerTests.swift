import Foundation
import Redact
import RedactIO
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs a FollowRunner on its own thread, as the CLI does on its main thread.
final class FollowRunnerHarness: @unchecked Sendable {
    let stop = StopSignal()
    let sink = FollowMemorySink()
    let statsLines = FollowShared<[String]>([])
    let result = FollowShared<Result<RedactionStats, Error>?>(nil)
    private var thread: FollowThread?

    init(path: String, options: SidecarOptions = SidecarOptions(), fromStart: Bool = false,
         statsInterval: Duration? = nil, signals: SignalMonitor? = nil) {
        let stop = self.stop, sink = self.sink, statsLines = self.statsLines, result = self.result
        let ready = DispatchSemaphore(value: 0)
        thread = FollowThread {
            let follower = Follower(path: path, options: FollowOptions(fromStart: fromStart), stop: signals?.stop ?? stop)
            let reporter = statsInterval.map { StatsReporter(interval: $0, metricsFile: nil, emit: { s in statsLines.update { $0.append(s) } }) }
            let runner = FollowRunner(follower: follower, plan: .intercom, sink: sink, options: options,
                                      signals: signals, reporter: reporter)
            ready.signal()
            result.set(Result { try runner.run() })
        }
        ready.wait()
    }

    /// Triggers the stop signal and waits for `run()` to return.
    func stopAndWait() throws -> RedactionStats {
        stop.trigger()
        #expect(thread!.join(timeout: 10), "runner did not stop")
        return try result.get()!.get()
    }

    func wait() { thread?.join() }
}

@Suite("FollowRunner")
struct FollowRunnerTests {
    @Test func anIdleLineIsWrittenWithinMilliseconds() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowRunnerHarness(path: path)
        var latencies: [Duration] = []
        let clock = ContinuousClock()
        for i in 0..<20 {
            let line = "event \(i) user=someone\n"
            let t0 = clock.now
            followAppend(path, line)
            #expect(followEventually(5) { h.sink.text.hasSuffix(line) })
            latencies.append(clock.now - t0)
        }
        let stats = try h.stopAndWait()
        #expect(stats.lines == 20 || stats.bytesIn > 0)
        latencies.sort()
        // Generous bound for a loaded CI machine; typical is well under 5 ms.
        #expect(latencies[latencies.count / 2] < .milliseconds(200), "median \(latencies[latencies.count / 2])")
        #expect(h.sink.isClosed)
    }

    @Test func aPartialLineWaitsThenIsFlushedAfterTheTimeout() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowRunnerHarness(path: path, options: SidecarOptions(partialFlush: .milliseconds(300)))
        followAppend(path, "complete\nhalf a li")
        #expect(followEventually(5) { h.sink.text == "complete\n" })
        let clock = ContinuousClock()
        let t0 = clock.now
        usleep(100_000)
        #expect(h.sink.text == "complete\n", "partial line written before its timeout")
        #expect(followEventually(5) { h.sink.text == "complete\nhalf a li" })
        let waited = clock.now - t0
        #expect(waited >= .milliseconds(250))
        followAppend(path, "ne, finished\n")
        #expect(followEventually(5) { h.sink.text == "complete\nhalf a line, finished\n" })
        _ = try h.stopAndWait()
        #expect(h.sink.text == "complete\nhalf a line, finished\n")
    }

    @Test func aPartialLineAtRotationIsEndedNotJoined() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowRunnerHarness(path: path, options: SidecarOptions(partialFlush: .seconds(30)))
        followAppend(path, "first\nno newline at the end")
        #expect(followEventually(5) { h.sink.text == "first\n" })
        #expect(rename(path, path + ".1") == 0)
        followAppend(path, "second file\n")
        #expect(followEventually(5) { h.sink.text == "first\nno newline at the end\nsecond file\n" })
        _ = try h.stopAndWait()
    }

    @Test func stopWritesEverythingAlreadyRead() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "before start\n")
        let h = FollowRunnerHarness(path: path, options: SidecarOptions(partialFlush: .seconds(30)), fromStart: true,
                                    statsInterval: .seconds(3600))
        var expected = "before start\n"
        for i in 0..<200 { expected += "line \(i)\n" }
        followAppend(path, String(expected.dropFirst("before start\n".count)) + "trailing partial")
        expected += "trailing partial"
        // Wait until the runner has read everything (the partial line is still held back).
        #expect(followEventually(5) { h.sink.text.count == expected.count - "trailing partial".count })
        let stats = try h.stopAndWait()
        #expect(h.sink.text == expected)
        #expect(h.sink.isClosed)
        #expect(stats.bytesIn == expected.utf8.count)
        let lines = h.statsLines.get()
        #expect(lines.count == 1)
        #expect(lines.last?.hasPrefix("{\"event\":\"final\"") == true)
        #expect(lines.last?.contains("\"lag_bytes\":0") == true)
    }

    @Test func periodicStatsAreWritten() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowRunnerHarness(path: path, statsInterval: .milliseconds(50))
        followAppend(path, "one\ntwo\n")
        #expect(followEventually(5) { h.statsLines.get().count >= 3 })
        _ = try h.stopAndWait()
        let lines = h.statsLines.get()
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("{\"event\":\"stats\"") })
        #expect(lines.last!.hasPrefix("{\"event\":\"final\""))
        #expect(lines.last!.contains("\"bytes_in\":8"))
    }

    @Test func anOutputErrorEndsTheRun() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let h = FollowRunnerHarness(path: path)
        h.sink.failWith = EPIPE
        followAppend(path, "line\n")
        h.wait()
        let outcome = h.result.get()
        guard case .failure(let error) = outcome else {
            Issue.record("expected a failure, got \(String(describing: outcome))")
            return
        }
        #expect((error as? SidecarOutputError)?.isBrokenPipe == true)
    }

    @Test func fileSinkReopensByPath() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("out.log")
        let sink = try FileDescriptorSink(path: path)
        try Array("one\n".utf8).withUnsafeBytes { try sink.write($0) }
        #expect(rename(path, path + ".1") == 0)
        try Array("two\n".utf8).withUnsafeBytes { try sink.write($0) }
        try sink.reopen()
        try Array("three\n".utf8).withUnsafeBytes { try sink.write($0) }
        try sink.close()
        #expect(followReadFile(path + ".1") == "one\ntwo\n")
        #expect(followReadFile(path) == "three\n")
    }
}
