import Foundation
import RedactIO
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Follower")
struct FollowTests {
    @Test(arguments: [true, false])
    func startsAtTheEndAndReadsWhatIsAppended(inotify: Bool) throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "old line 1\nold line 2\n")
        let f = Follower(path: path, options: FollowOptions(useInotify: inotify))
        #expect(f.lagBytes == 0)
        followAppend(path, "new line\n")
        let (text, events) = try followCollect(f) { $0.hasSuffix("\n") }
        #expect(text == "new line\n")
        #expect(events.isEmpty)
        #expect(f.lagBytes == 0)
    }

    @Test func fromStartReadsExistingContent() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "one\ntwo\n")
        let f = Follower(path: path, options: FollowOptions(fromStart: true))
        #expect(f.lagBytes == 8)
        followAppend(path, "three\n")
        let (text, _) = try followCollect(f) { $0.hasSuffix("three\n") }
        #expect(text == "one\ntwo\nthree\n")
    }

    @Test(arguments: [true, false])
    func aFileThatAppearsLaterIsReadFromItsStart(inotify: Bool) throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("later.log")
        let f = Follower(path: path, options: FollowOptions(useInotify: inotify))
        var notices: [String] = []
        f.onNotice = { notices.append($0) }
        #expect(f.isWaitingForFile)
        var buffer = [UInt8](repeating: 0, count: 64)
        let first = try buffer.withUnsafeMutableBytes { try f.next(into: $0, timeout: .milliseconds(30)) }
        #expect(first == .idle)
        followAppend(path, "first\nsecond\n")
        let (text, _) = try followCollect(f) { $0.hasSuffix("second\n") }
        #expect(text == "first\nsecond\n")
        #expect(!f.isWaitingForFile)
    }

    @Test func aDirectoryThatAppearsLaterIsFollowed() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("sub/app.log")
        let f = Follower(path: path)
        #expect(f.isWaitingForFile)
        mkdir(dir.file("sub"), 0o755)
        followAppend(path, "hello\n")
        let (text, _) = try followCollect(f) { $0.hasSuffix("\n") }
        #expect(text == "hello\n")
    }

    @Test(arguments: [true, false])
    func truncationRestartsFromTheBeginning(inotify: Bool) throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let f = Follower(path: path, options: FollowOptions(useInotify: inotify))
        followAppend(path, "a long first line\nsecond\n")
        let (t1, _) = try followCollect(f) { $0.hasSuffix("second\n") }
        #expect(t1 == "a long first line\nsecond\n")
        #expect(truncate(path, 0) == 0)
        followAppend(path, "after\n")
        let (t2, events) = try followCollect(f) { $0.hasSuffix("after\n") }
        #expect(t2 == "after\n")
        #expect(events == [.switched(.truncated)])
        #expect(f.truncations == 1)
    }

    @Test func linesWrittenToTheRenamedFileAfterRotationComeFirst() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        defer { close(fd) }
        let f = Follower(path: path)
        followWriteAll(fd, Array("line 0\n".utf8))
        let (t0, _) = try followCollect(f) { $0.hasSuffix("\n") }
        #expect(t0 == "line 0\n")

        // logrotate renames; the application has not reopened yet and keeps writing to the old file.
        #expect(rename(path, path + ".1") == 0)
        followWriteAll(fd, Array("line 1\n".utf8))
        var buffer = [UInt8](repeating: 0, count: 64)
        // The new file does not exist yet: nothing else happens.
        var got = ""
        for _ in 0..<3 {
            if case .data(let n) = try buffer.withUnsafeMutableBytes({ try f.next(into: $0, timeout: .milliseconds(30)) }) {
                got += String(decoding: buffer[0..<n], as: UTF8.self)
            }
        }
        #expect(got == "line 1\n")
        // Now a new file appears (empty), the old one still gets a late line, then the new one a line.
        followAppend(path, "")
        followWriteAll(fd, Array("line 2\n".utf8))
        followAppend(path, "line 3\n")
        let (t, events) = try followCollect(f) { $0.hasSuffix("line 3\n") }
        #expect(t == "line 2\nline 3\n")
        #expect(events == [.switched(.rotated)])
        #expect(f.rotations == 1)
    }

    @Test func aDeletedFileKeepsBeingReadUntilANewOneAppears() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        defer { close(fd) }
        let f = Follower(path: path)
        #expect(unlink(path) == 0)
        followWriteAll(fd, Array("still here\n".utf8))
        let (t1, _) = try followCollect(f) { $0.hasSuffix("\n") }
        #expect(t1 == "still here\n")
        followAppend(path, "new file\n")
        let (t2, events) = try followCollect(f) { $0.hasSuffix("new file\n") }
        #expect(t2 == "new file\n")
        #expect(events == [.switched(.rotated)])
    }

    @Test func stopInterruptsABlockingRead() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let stop = StopSignal()
        let f = Follower(path: dir.file("never.log"), stop: stop)
        let clock = ContinuousClock()
        let start = clock.now
        let t = FollowThread {
            usleep(100_000)
            stop.trigger()
        }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = try buffer.withUnsafeMutableBytes { try f.read(into: $0) }
        let elapsed = clock.now - start
        t.join()
        #expect(n == 0)
        #expect(elapsed < .seconds(2))
        #expect(elapsed >= .milliseconds(90))
        let ev = try buffer.withUnsafeMutableBytes { try f.next(into: $0, timeout: .seconds(1)) }
        #expect(ev == .stopped)
    }

    @Test func lagCountsUnreadBytes() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "0123456789\n")
        let f = Follower(path: path, options: FollowOptions(fromStart: true))
        #expect(f.lagBytes == 11)
        var buffer = [UInt8](repeating: 0, count: 4)
        let ev = try buffer.withUnsafeMutableBytes { try f.next(into: $0, timeout: .zero) }
        #expect(ev == .data(4))
        #expect(f.lagBytes == 7)
        #expect(f.bytesRead == 4)
    }

    /// How the application rotates its own file handle in the stress test.
    enum WriterStyle: String, CaseIterable, Sendable {
        /// open(O_APPEND) + write + close for every line: in-flight writes land in the renamed file.
        case openPerLine
        /// Keeps its descriptor and reopens after the rotator renamed (as on SIGHUP): several
        /// lines go to the renamed file after the rename.
        case reopenOnSignal
    }

    /// Many rotations by rename while a writer appends numbered lines: every line once, in order.
    @Test(arguments: WriterStyle.allCases, [true, false])
    func manyRotationsLoseAndDuplicateNothing(style: WriterStyle, inotify: Bool) throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let total = 3000
        let f = Follower(path: path, options: FollowOptions(useInotify: inotify))
        let rotated = FollowShared(0)       // rotations performed
        let reopenRequest = FollowShared(false)
        let writerDone = FollowShared(false)

        let writer = FollowThread {
            var fd: Int32 = -1
            if style == .reopenOnSignal { fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644) }
            for i in 0..<total {
                let line = Array("line \(i) \(String(repeating: "x", count: i % 37))\n".utf8)
                switch style {
                case .openPerLine:
                    let d = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                    followWriteAll(d, line)
                    close(d)
                case .reopenOnSignal:
                    if reopenRequest.update({ r -> Bool in defer { r = false }; return r }) {
                        close(fd)
                        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                    }
                    followWriteAll(fd, line)
                }
                usleep(100)
            }
            if fd >= 0 { close(fd) }
            writerDone.set(true)
        }
        // A follower must see each new file before the next rotation replaces it: with inotify it
        // wakes on every change; polling looks every 25 ms, so rotations are spaced wider there.
        // (logrotate rotates at most every few minutes; the gaps here still leave slack for a
        // loaded CI machine.)
        let rotationGap: UInt32 = inotify ? 15000 : 80000
        let rotator = FollowThread {
            var k = 0
            while !writerDone.get() {
                usleep(rotationGap)
                k += 1
                if rename(path, path + ".\(k)") == 0 {
                    reopenRequest.set(true)
                    rotated.set(k)
                    // Old rotated files get deleted, as logrotate's `rotate N` does.
                    if k > 3 { unlink(path + ".\(k - 3)") }
                }
            }
        }
        let (text, _) = try followCollect(f, seconds: 60) { text in
            writerDone.get() && text.hasSuffix("\n") && text.hasPrefix("line 0 ")
                && followCheckNumbered(text, prefix: "line", count: total) == nil
        }
        writer.join()
        rotator.join()
        let problem = followCheckNumbered(text, prefix: "line", count: total)
        #expect(problem == nil, "\(problem ?? "")")
        #expect(rotated.get() >= 4, "too few rotations to mean anything: \(rotated.get())")
        // Every rotation but the last (which may have had no write after it) produced a new file
        // that the follower opened.
        #expect(f.rotations >= rotated.get() - 1)
    }

    /// Copy-truncate while the follower has read everything written so far: restart at 0,
    /// nothing duplicated, nothing lost.
    @Test func repeatedCopyTruncateRestartsWithoutDuplicates() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.log")
        followAppend(path, "")
        let f = Follower(path: path)
        var all = ""
        var next = 0
        for round in 0..<6 {
            let count = 5 + round * 3
            var expected = ""
            for _ in 0..<count {
                let line = "line \(next) round \(round)\n"
                followAppend(path, line)
                expected += line
                next += 1
            }
            let (t, events) = try followCollect(f) { $0.count >= expected.count }
            #expect(t == expected)
            #expect(events.isEmpty)
            all += t
            // copytruncate: copy, then truncate in place (the application keeps its O_APPEND fd).
            let content = followReadFile(path)
            followAppend(path + ".1", content)
            #expect(truncate(path, 0) == 0)
            // A follower that keeps up notices before the application has rewritten as much.
            var buffer = [UInt8](repeating: 0, count: 64)
            let ev = try buffer.withUnsafeMutableBytes { try f.next(into: $0, timeout: .seconds(2)) }
            #expect(ev == .switched(.truncated))
        }
        #expect(followCheckNumbered(all, prefix: "line", count: next) == nil)
        #expect(f.truncations == 6)
    }
}
