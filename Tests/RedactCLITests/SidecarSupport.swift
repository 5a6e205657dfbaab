// Helpers for the sidecar end-to-end tests: the built `redact` binary, child processes with
// signals, temporary directories, the application's numbered log lines with PII, and the
// oracle (batch redaction of everything the application wrote).

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

enum SidecarE2E {
    /// The package root (for `deploy/` files), from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `redact` binary built next to this test bundle (or in `.build/debug`).
    static let redact: String = {
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            // A bundle directory (`X.xctest/...`) sits in the build directory too.
            for _ in 0..<3 {
                candidates.append(dir.appendingPathComponent("redact").path)
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/redact").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// A tool from PATH or the sbin directories (logrotate and rsyslogd live in /usr/sbin).
    static func tool(_ name: String) -> String? {
        var dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        dirs += ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin"]
        return dirs.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// One line the "application" writes: a timestamp, a sequence number and PII in text and JSON.
    static func appLine(_ i: Int) -> String {
        let seq = String(repeating: "0", count: max(0, 6 - String(i).count)) + String(i)
        let last4 = String(repeating: "0", count: max(0, 4 - String(i % 10000).count)) + String(i % 10000)
        return "2026-11-23T06:00:00.123Z INFO seq=\(seq) user=user\(i)@example.com phone=+1 415 555 \(last4) "
            + "{\"email\":\"u\(i)@corp.example.org\",\"name\":\"Ann Lee\",\"id\":\(i)}\n"
    }

    /// Raw PII that must never appear in redacted output.
    static let rawPII = ["@example.com", "@corp.example.org", "Ann Lee", "+1 415 555"]

    /// The sequence numbers of the lines of `text`, in order (nil for a line without one).
    static func sequence(_ text: String) -> [Int?] {
        text.split(separator: "\n").map { line in
            guard let r = line.range(of: "seq=") else { return nil }
            return Int(line[r.upperBound...].prefix { $0.isNumber })
        }
    }

    /// Redacts `input` with a plain (non-follow) run of the same binary: the oracle.
    static func batchRedact(_ input: String, in dir: TempDir) throws -> String {
        let inPath = dir.file("oracle-in-\(UUID().uuidString)")
        try input.write(toFile: inPath, atomically: false, encoding: .utf8)
        let run = try Child.start([redact, inPath], in: dir)
        let status = run.wait(timeout: 60)
        #expect(status == 0)
        return run.stdout
    }
}

/// A temporary directory, removed by `cleanup()`.
struct TempDir {
    let path: String
    init() {
        var template = Array("/tmp/redact-e2e-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(p != nil)
        path = String(cString: p!)
    }
    func file(_ name: String) -> String { path + "/" + name }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
    func read(_ name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
    }
}

/// A child process with stdout and stderr in files (read at any time), optional stdin pipe.
///
/// Started with posix_spawn and an empty signal mask: the test runner's threads block signals,
/// and a mask is inherited across exec, so a child started from them (Foundation's `Process`
/// does this) would never see SIGTERM or SIGHUP — neither would rsyslogd.
final class Child: @unchecked Sendable {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    /// Write end of the child's stdin (when requested).
    private(set) var stdinFD: Int32 = -1
    private var status: Int32?

    /// Standard input is a pipe (`stdinPipe`, written with `writeStdin`), the file at `stdinPath`,
    /// or /dev/null.
    static func start(_ argv: [String], in dir: TempDir, stdinPipe: Bool = false, stdinPath: String? = nil,
                      stdoutFD: Int32? = nil) throws -> Child {
        try Child(argv, dir: dir, stdinPipe: stdinPipe, stdinPath: stdinPath, stdoutFD: stdoutFD)
    }

    struct SpawnError: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "posix_spawn failed: \(String(cString: strerror(code)))" }
    }

    private init(_ argv: [String], dir: TempDir, stdinPipe: Bool, stdinPath: String?, stdoutFD: Int32?) throws {
        let id = UUID().uuidString
        stdoutPath = dir.file("stdout-\(id)")
        stderrPath = dir.file("stderr-\(id)")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var childStdin: [Int32] = [-1, -1]
        if stdinPipe {
            childStdin = cloexecPipe()
            posix_spawn_file_actions_adddup2(&actions, childStdin[0], 0)
            posix_spawn_file_actions_addclose(&actions, childStdin[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        }
        if let stdoutFD {
            posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signo in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signo) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var childPID: pid_t = 0
        let rc = posix_spawn(&childPID, argv[0], &actions, &attributes, &cArgs, environ)
        if stdinPipe { close(childStdin[0]) }
        if rc != 0 {
            if stdinPipe { close(childStdin[1]) }
            throw SpawnError(code: rc)
        }
        pid = childPID
        if stdinPipe { stdinFD = childStdin[1] }
    }

    deinit {
        if stdinFD >= 0 { close(stdinFD) }
        if status == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func signal(_ signo: Int32) { if status == nil { kill(pid, signo) } }

    func writeStdin(_ text: String) {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(stdinFD, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            done += n
        }
    }

    func closeStdin() {
        if stdinFD >= 0 { close(stdinFD) }
        stdinFD = -1
    }

    var isRunning: Bool {
        if status != nil { return false }
        _ = poll()
        return status == nil
    }

    private func poll() -> Bool {
        var raw: Int32 = 0
        let r = waitpid(pid, &raw, WNOHANG)
        guard r == pid else { return false }
        let termsig = raw & 0x7f
        status = termsig == 0 ? (raw >> 8) & 0xff : 128 + termsig
        return true
    }

    /// The exit status, 128+N for a death by signal N, or nil on timeout (the child is killed).
    @discardableResult
    func wait(timeout seconds: Double) -> Int32? {
        if let status { return status }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if poll() { return status }
            usleep(5000)
        }
        kill(pid, SIGKILL)
        var raw: Int32 = 0
        _ = waitpid(pid, &raw, 0)
        status = 128 + SIGKILL
        return nil
    }
}

/// Thread-safe box.
final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ v: Value) { lock.withLock { value = v } }
    func update<R>(_ body: (inout Value) -> R) -> R { lock.withLock { body(&value) } }
}

/// Runs a closure on its own thread; `join()` waits.
final class BackgroundThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    init(_ body: @escaping @Sendable () -> Void) {
        let sem = done
        let t = Thread {
            body()
            sem.signal()
        }
        t.start()
    }
    func join() { done.wait() }
}

/// Appends `text` to `path` with one write(2): open(O_APPEND | O_CREAT), write, close, as a
/// logger that reopens its file for every line does (so it follows logrotate's renames).
/// Appends `text` to `path`. With `create: false` the file is never created here: while it is
/// missing (between logrotate's rename and its `create`), the call waits for it, as an application
/// that reopens its log after rotation does; creating it here could race logrotate's `create`.
func appendLine(_ path: String, _ text: String, create: Bool = true) {
    var fd = open(path, O_WRONLY | (create ? O_CREAT : 0) | O_APPEND | O_CLOEXEC, 0o644)
    while fd < 0 && !create && errno == ENOENT {
        usleep(200)
        fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
    }
    precondition(fd >= 0, "open failed: errno \(errno)")
    let bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
        if n < 0 && errno == EINTR { continue }
        precondition(n > 0)
        done += n
    }
    close(fd)
}

/// Polls until `condition` holds or `seconds` pass.
@discardableResult
func eventually(_ seconds: Double = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// A pipe whose both ends are close-on-exec (only the end a child gets with dup2 is inherited).
func cloexecPipe() -> [Int32] {
    var fds: [Int32] = [-1, -1]
    let rc = fds.withUnsafeMutableBufferPointer { pipe($0.baseAddress!) }
    precondition(rc == 0, "pipe failed")
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return fds
}

/// Waits until process `pid` has `path` open (a follower has opened its file and taken its
/// starting position). False on timeout.
@discardableResult
func waitUntilOpen(_ pid: pid_t, _ path: String, timeout: Double = 20) -> Bool {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    return eventually(timeout) {
        guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return false }
        return fds.contains { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) == target
        }
    }
}

/// Size of a file, or -1.
func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : -1
}

/// Runs a tool to completion; returns its exit status and stderr.
@discardableResult
func runTool(_ argv: [String], in dir: TempDir, timeout: Double = 30) throws -> (Int32?, String) {
    let c = try Child.start(argv, in: dir)
    let status = c.wait(timeout: timeout)
    return (status, c.stderr)
}
