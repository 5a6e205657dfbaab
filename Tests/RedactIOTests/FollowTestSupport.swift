// Helpers for the follow-mode tests: temporary directories, raw file operations, a background
// thread, and an in-memory sink.

import Foundation
import RedactIO
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary directory, removed by `cleanup()`.
struct FollowTempDir {
    let path: String

    init() {
        var template = Array("/tmp/redact-follow-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(p != nil, "mkdtemp failed")
        path = String(cString: p!)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func cleanup() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Appends bytes to a path with one write(2) (O_APPEND, created 0644 if absent).
func followAppend(_ path: String, _ text: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    precondition(fd >= 0, "open failed: errno \(errno)")
    followWriteAll(fd, Array(text.utf8))
    close(fd)
}

func followWriteAll(_ fd: Int32, _ bytes: [UInt8]) {
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
        if n < 0 && errno == EINTR { continue }
        precondition(n > 0, "write failed: errno \(errno)")
        done += n
    }
}

func followReadFile(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

/// Thread-safe mutable box for values shared with a background thread.
final class FollowShared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ v: Value) { lock.withLock { value = v } }
    func update<R>(_ body: (inout Value) -> R) -> R { lock.withLock { body(&value) } }
}

/// Runs `body` on a new thread; `join()` waits for it.
final class FollowThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    init(_ body: @escaping @Sendable () -> Void) {
        let sem = done
        let t = Thread {
            body()
            sem.signal()
        }
        t.stackSize = 1 << 20
        t.start()
    }
    func join() { done.wait() }
    func join(timeout seconds: Double) -> Bool { done.wait(timeout: .now() + seconds) == .success }
}

/// A sink that keeps everything in memory (thread-safe reads for the test thread).
final class FollowMemorySink: ByteSink, @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var finished = false
    private var failure: Int32?

    func write(_ chunk: UnsafeRawBufferPointer) throws(IOError) {
        if let e = lock.withLock({ failure }) { throw IOError(.write, code: e, role: .output, path: "<memory>") }
        lock.withLock { bytes.append(contentsOf: chunk) }
    }
    func flush() throws(IOError) {}
    func finish() throws(IOError) { lock.withLock { finished = true } }

    func fail(with errno: Int32) { lock.withLock { failure = errno } }
    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
    var isFinished: Bool { lock.withLock { finished } }
}

/// Polls `condition` every 2 ms until it holds or `seconds` pass.
@discardableResult
func followEventually(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(2000)
    }
    return condition()
}

/// Reads from a follower until `predicate(collected)` holds or `seconds` pass. Returns the text.
func followCollect(_ f: Follower, seconds: Double = 10, until predicate: (String) -> Bool) throws -> (String, [FollowEvent]) {
    var collected: [UInt8] = []
    var events: [FollowEvent] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        let ev = try buffer.withUnsafeMutableBytes { try f.next(into: $0, timeout: .milliseconds(50)) }
        switch ev {
        case .data(let n):
            collected.append(contentsOf: buffer[0..<n])
        case .switched, .stopped:
            events.append(ev)
        case .idle:
            break
        }
        if ev == .stopped { break }
        if predicate(String(decoding: collected, as: UTF8.self)) { break }
    }
    return (String(decoding: collected, as: UTF8.self), events)
}

/// Checks that `text` is exactly the lines "<prefix> 0" ... "<prefix> n-1", each once, in order.
/// Returns a description of the first problem (never nil-means-ok confusion: nil is success).
func followCheckNumbered(_ text: String, prefix: String, count n: Int) -> String? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.last == "" else { return "output does not end with a newline" }
    let body = lines.dropLast()
    var expected = 0
    for line in body {
        guard line.hasPrefix(prefix + " ") else { return "unexpected line at index \(expected)" }
        let numberPart = line.dropFirst(prefix.count + 1).prefix { $0.isNumber }
        guard let k = Int(numberPart) else { return "unparsable line at index \(expected)" }
        if k != expected { return "expected line \(expected), got \(k) (lost or duplicated)" }
        expected += 1
    }
    if expected != n { return "got \(expected) lines, expected \(n)" }
    return nil
}
