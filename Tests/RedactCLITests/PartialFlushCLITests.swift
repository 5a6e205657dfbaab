// End to end: `--partial-flush-ms` with the built binary, on every kind of input it can be
// combined with. Where input can stop in the middle of a line (a pipe on stdin, a FIFO given as a
// file, zstd frames from a pipe, `--follow FILE`), the line's redacted part arrives while the
// writer still holds its newline; a regular file never waits. Generous timeouts (5 s for a 50 ms
// timeout): nothing here measures time.

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Partial-line timeout end to end", .serialized)
struct PartialFlushCLITests {
    /// A line that a writer stops in the middle of: PII in text and JSON before the stop, a name
    /// value open at the stop (`Ann `, ending at a safe cut, so nothing is left held and no mask
    /// can come however long the rest takes), and the rest of the value after it.
    static let head = #"2026-11-23 INFO user bob@example.com phone +44 20 7946 0958 {"email": "ann.lee@corp.example.org", "name": "Ann "#
    static let tail = #"Lee", "id": 7}"# + "\n"
    /// Raw values (and parts of them) that must never be written.
    static let rawPII = ["bob@", "example.com", "example.org", "ann.lee", "+44", "7946", "0958", "Ann", "Lee"]

    static let hasZstd = SidecarE2E.tool("zstd") != nil

    enum Mode: String, CaseIterable, CustomTestStringConvertible {
        /// `app | redact | shipper`.
        case stdinPipe
        /// `redact FIFO`: a named pipe given as a file.
        case fifo
        /// `app | zstd-frames | redact`: each write of the writer is one zstd frame.
        case zstdPipe
        var testDescription: String { rawValue }
    }

    /// The writer stops before the newline: the redacted part (a prefix of the redaction of the
    /// whole line, no raw value) arrives; then the rest comes and the output is exactly the
    /// redaction of the whole line.
    @Test("a partial line is written in part, redacted, before its newline arrives", arguments: Mode.allCases)
    func partialLineArrivesBeforeItsNewline(mode: Mode) throws {
        if mode == .zstdPipe && !Self.hasZstd { return }  // zstd is not installed (apt-get install zstd)
        let dir = TempDir()
        defer { dir.cleanup() }
        let oracle = try SidecarE2E.batchRedact(Self.head + Self.tail, in: dir)
        #expect(oracle.contains("[REDACTED:email]") && oracle.contains("[REDACTED:name]"))

        let out = OutputPipe()
        var argv = [SidecarE2E.redact, "--partial-flush-ms", "50", "--stats"]
        let fifo = dir.file("app.fifo")
        if mode == .fifo {
            #expect(mkfifo(fifo, 0o600) == 0)
            argv.append(fifo)
        }
        let redact = try Child.start(argv, in: dir, stdinPipe: mode != .fifo, stdoutFD: out.writeFD)
        out.closeWriteEnd()
        let input: Int32
        if mode == .fifo {
            input = try #require(openFIFOForWriting(fifo))
        } else {
            input = redact.stdinFD
        }
        func send(_ text: String) throws {
            let bytes = mode == .zstdPipe ? try zstdFrame(text, dir) : Array(text.utf8)
            #expect(writeAll(input, bytes))
        }

        try send(Self.head)
        #expect(out.read(seconds: 5) { $0.contains("[REDACTED:name]") }, "no partial flush within 5 s")
        let part = out.text
        #expect(!part.isEmpty && oracle.hasPrefix(part), "the part is not the start of the whole line's redaction")
        #expect(!part.contains("\n"))
        for pii in Self.rawPII { #expect(!part.contains(pii), "raw PII in the flushed part") }

        try send(Self.tail)
        if mode == .fifo { close(input) } else { redact.closeStdin() }
        out.read(seconds: 10) { _ in false }  // to the end of the output
        #expect(redact.wait(timeout: 10) == 0)
        #expect(out.text == oracle)
        for pii in Self.rawPII { #expect(!out.text.contains(pii), "raw PII in the output") }
        let stats = Self.statRows(redact.stderr)
        #expect(stats.contains("partial flushes 1") && stats.contains("partial masks 0"), "\(redact.stderr)")
    }

    /// The report that led here: `{ printf 'abc'; sleep 1; printf 'def\n'; } | redact
    /// --partial-flush-ms 5` writes nothing at the first timeout, because `abc` has no safe cut
    /// (it could be the start of an e-mail address), and counts no partial flush; after 5 timeouts
    /// in a row without one, the mask arrives, still before the newline, and the rest of the line
    /// is dropped. Nothing of the line is ever written raw.
    @Test func aPartialLineWithoutASafeCutIsMaskedNotWritten() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let out = OutputPipe()
        let redact = try Child.start([SidecarE2E.redact, "--partial-flush-ms", "50", "--stats"], in: dir,
                                     stdinPipe: true, stdoutFD: out.writeFD)
        out.closeWriteEnd()
        redact.writeStdin("first\nabc")
        #expect(out.read(seconds: 5) { $0.contains("[REDACTED:partial]") }, "no mask within 5 s")
        #expect(out.text == "first\n[REDACTED:partial]")
        redact.writeStdin("def\nlast\n")
        redact.closeStdin()
        #expect(redact.wait(timeout: 10) == 0)
        out.read(seconds: 5) { _ in false }
        #expect(out.text == "first\n[REDACTED:partial]\nlast\n")
        let stats = Self.statRows(redact.stderr)
        #expect(stats.contains("partial flushes 0") && stats.contains("partial masks 1"), "\(redact.stderr)")
    }

    /// `--follow FILE`: the same as a pipe, through the follower.
    @Test func followedFileGetsItsPartialLineFlushed() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        appendLine(app, "")
        let oracle = try SidecarE2E.batchRedact("first\n" + Self.head + Self.tail, in: dir)
        let out = OutputPipe()
        let redact = try Child.start([SidecarE2E.redact, "--follow", app, "--partial-flush-ms", "50"], in: dir,
                                     stdoutFD: out.writeFD)
        out.closeWriteEnd()
        #expect(waitUntilOpen(redact.pid, app))
        appendLine(app, "first\n" + Self.head)
        #expect(out.read(seconds: 5) { $0.contains("[REDACTED:name]") }, "no partial flush within 5 s")
        let part = out.text
        #expect(part.hasPrefix("first\n") && oracle.hasPrefix(part) && part.count > "first\n".count)
        for pii in Self.rawPII { #expect(!part.contains(pii), "raw PII in the flushed part") }
        appendLine(app, Self.tail)
        #expect(out.read(seconds: 5) { $0 == oracle })
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)
        out.read(seconds: 5) { _ in false }
        #expect(out.text == oracle)
    }

    /// A regular file (here standard input redirected from one) is read to its end without
    /// waiting: its last line, without a newline, is written whole at the end of input, however
    /// short the timeout; no flush, no mask.
    @Test func aRegularFileNeverWaits() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let input = dir.file("in.log")
        try ("first\n" + Self.head).write(toFile: input, atomically: false, encoding: .utf8)
        let whole = try SidecarE2E.batchRedact("first\n" + Self.head + "\n", in: dir)
        let out = OutputPipe()
        let redact = try Child.start([SidecarE2E.redact, "--partial-flush-ms", "1", "--stats"], in: dir,
                                     stdinPath: input, stdoutFD: out.writeFD)
        out.closeWriteEnd()
        #expect(redact.wait(timeout: 10) == 0)
        out.read(seconds: 5) { _ in false }
        #expect(out.text + "\n" == whole)
        for pii in Self.rawPII { #expect(!out.text.contains(pii), "raw PII in the output") }
        let stats = Self.statRows(redact.stderr)
        #expect(stats.contains("partial flushes 0") && stats.contains("partial masks 0"), "\(redact.stderr)")
    }

    // MARK: - Helpers

    /// `--stats` rows with their spacing collapsed ("partial flushes 1").
    static func statRows(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    }

    /// `text` as one zstd frame, compressed by the zstd tool.
    private func zstdFrame(_ text: String, _ dir: TempDir) throws -> [UInt8] {
        let plain = dir.file("frame-\(UUID().uuidString)")
        try text.write(toFile: plain, atomically: false, encoding: .utf8)
        let (status, _) = try runTool([SidecarE2E.tool("zstd")!, "-q", "-f", plain, "-o", plain + ".zst"], in: dir)
        #expect(status == 0)
        return try #require(FileManager.default.contents(atPath: plain + ".zst")).map { $0 }
    }

    /// Opens a FIFO for writing once its reader (redact) has opened it; nil after 20 s.
    private func openFIFOForWriting(_ path: String) -> Int32? {
        var fd: Int32 = -1
        // O_NONBLOCK: fails with ENXIO (instead of blocking) while no reader has it open.
        let opened = eventually(20) {
            fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            return fd >= 0
        }
        guard opened else { return nil }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }
}

/// Writes all of `bytes` to `fd`; false when a write fails.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return false }
        done += n
    }
    return true
}

/// A pipe for a child's standard output, read by the test as the bytes arrive (as a log shipper
/// downstream of redact reads them).
final class OutputPipe {
    let readFD: Int32
    private(set) var writeFD: Int32
    private(set) var bytes: [UInt8] = []
    private(set) var ended = false

    init() {
        let fds = cloexecPipe()
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        closeWriteEnd()
    }

    /// The parent's copy of the write end, once the child has its own: the pipe ends when the child exits.
    func closeWriteEnd() {
        if writeFD >= 0 { close(writeFD) }
        writeFD = -1
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Reads what arrives until `condition` holds for everything read so far (true), the child
    /// closes its end (the condition then decides), or `seconds` pass (false).
    @discardableResult
    func read(seconds: Double, until condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !condition(text) && !ended {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            var pfd = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, Int32(min(left * 1000 + 1, 1000)))
            if r < 0 && errno == EINTR { continue }
            if r <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(readFD, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                ended = true
                break
            }
            bytes += buffer[0..<n]
        }
        return condition(text)
    }
}
