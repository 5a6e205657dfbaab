import Foundation
import RedactIO
import Testing

#if canImport(Glibc)
import Glibc
#endif

// One signal monitor per process at a time: these tests run one after another. They use
// SIGUSR1/SIGUSR2 so the test runner's own handling of SIGTERM/SIGINT is never touched.
@Suite("Signals", .serialized)
struct SignalsTests {
    @Test func stopLatchIsIdempotentAndPollable() {
        let s = StopSignal()
        #expect(!s.isSet)
        #expect(s.wait(timeout: .milliseconds(10)) == false)
        s.trigger(reason: 15)
        s.trigger(reason: 2)
        #expect(s.isSet)
        #expect(s.reason == 15)
        var p = pollfd(fd: s.pollFD, events: Int16(POLLIN), revents: 0)
        #expect(poll(&p, 1, 0) == 1)
        #expect(s.wait(timeout: .seconds(5)))
    }

    @Test func stopAndReopenSignalsBecomeState() throws {
        let monitor = try SignalMonitor.install(stopOn: [SIGUSR1], reopenOn: [SIGUSR2], ignoreSIGPIPE: false)
        defer { monitor.uninstall() }
        #expect(monitor.reopenGeneration == 0)
        #expect(kill(getpid(), SIGUSR2) == 0)
        #expect(followEventually(5) { monitor.reopenGeneration == 1 })
        #expect(kill(getpid(), SIGUSR2) == 0)
        #expect(followEventually(5) { monitor.reopenGeneration == 2 })
        #expect(!monitor.stop.isSet)
        #expect(kill(getpid(), SIGUSR1) == 0)
        #expect(monitor.stop.wait(timeout: .seconds(5)))
        #expect(monitor.stop.reason == SIGUSR1)
    }

    @Test func aSecondMonitorIsRefusedAndUninstallFreesTheSlot() throws {
        let first = try SignalMonitor.install(stopOn: [SIGUSR1], reopenOn: [SIGUSR2], ignoreSIGPIPE: false)
        #expect(throws: SignalSetupError.self) {
            _ = try SignalMonitor.install(stopOn: [SIGUSR1], reopenOn: [], ignoreSIGPIPE: false)
        }
        first.uninstall()
        let second = try SignalMonitor.install(stopOn: [SIGUSR1], reopenOn: [], ignoreSIGPIPE: false)
        second.uninstall()
    }

    @Test func uninstallRestoresThePreviousDisposition() throws {
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        var saved = sigaction()
        #expect(sigaction(SIGUSR2, &ignore, &saved) == 0)
        defer { _ = sigaction(SIGUSR2, &saved, nil) }
        let monitor = try SignalMonitor.install(stopOn: [], reopenOn: [SIGUSR2], ignoreSIGPIPE: false)
        monitor.uninstall()
        var now = sigaction()
        #expect(sigaction(SIGUSR2, nil, &now) == 0)
        let restored = unsafeBitCast(now.__sigaction_handler.sa_handler, to: Int.self)
        #expect(restored == unsafeBitCast(SIG_IGN, to: Int.self))
    }

    /// A stop signal wakes a follower blocked waiting for a file that never changes.
    @Test func aStopSignalWakesABlockedFollower() throws {
        let monitor = try SignalMonitor.install(stopOn: [SIGUSR1], reopenOn: [], ignoreSIGPIPE: false)
        defer { monitor.uninstall() }
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        followAppend(dir.file("quiet.log"), "")
        let f = Follower(path: dir.file("quiet.log"), stop: monitor.stop)
        let t = FollowThread {
            usleep(50_000)
            kill(getpid(), SIGUSR1)
        }
        let clock = ContinuousClock()
        let start = clock.now
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = try buffer.withUnsafeMutableBytes { try f.read(into: $0) }
        t.join()
        #expect(n == 0)
        #expect(clock.now - start < .seconds(3))
    }

    /// Follow mode under real signals: the reopen signal reopens the output file, the stop
    /// signal drains and ends the run.
    @Test func followModeReopensOnReopenSignalAndDrainsOnStopSignal() throws {
        let monitor = try SignalMonitor.install(stopOn: [SIGUSR1], reopenOn: [SIGUSR2], ignoreSIGPIPE: false)
        defer { monitor.uninstall() }
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        let out = dir.file("out.log")
        followAppend(path, "")
        let h = FollowPipelineHarness(path: path, partialFlush: nil, signals: monitor, outputFile: out)
        followAppend(path, "one\n")
        #expect(followEventually(5) { followReadFile(out) == "one\n" })
        #expect(rename(out, out + ".1") == 0)
        #expect(kill(getpid(), SIGUSR2) == 0)
        #expect(followEventually(5) { access(out, F_OK) == 0 })
        followAppend(path, "two\nthree (partial)")
        #expect(followEventually(5) { followReadFile(out) == "two\n" })
        #expect(kill(getpid(), SIGUSR1) == 0)
        h.wait()
        #expect(followReadFile(out + ".1") == "one\n")
        #expect(followReadFile(out) == "two\nthree (partial)")
        guard case .success = h.result.get() else {
            Issue.record("run failed")
            return
        }
    }
}
