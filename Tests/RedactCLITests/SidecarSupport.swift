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
final class Child: @unchecked Sendable {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String
    let stdinPipe: Pipe?

    static func start(_ argv: [String], in dir: TempDir, stdinPipe: Bool = false,
                      stdoutPipe: Pipe? = nil) throws -> Child {
        let c = Child(argv, dir: dir, stdinPipe: stdinPipe, stdoutPipe: stdoutPipe)
        try c.process.run()
        return c
    }

    private init(_ argv: [String], dir: TempDir, stdinPipe: Bool, stdoutPipe: Pipe?) {
        let id = UUID().uuidString
        stdoutPath = dir.file("stdout-\(id)")
        stderrPath = dir.file("stderr-\(id)")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        if let stdoutPipe {
            process.standardOutput = stdoutPipe
        } else {
            process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        }
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        if stdinPipe {
            let p = Pipe()
            process.standardInput = p
            self.stdinPipe = p
        } else {
            process.standardInput = FileHandle.nullDevice
            self.stdinPipe = nil
        }
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func signal(_ signo: Int32) { kill(process.processIdentifier, signo) }

    /// The exit status, 128+N for a death by signal N, or nil on timeout (the child is killed).
    @discardableResult
    func wait(timeout seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(5000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal { return 128 + process.terminationStatus }
        return process.terminationStatus
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
func appendLine(_ path: String, _ text: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
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
