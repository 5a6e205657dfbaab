// Follow mode as a `ByteSource` for the pipeline: the same chunking, parallel redaction,
// ordered writes and idle flush as for files and pipes, fed by a `Follower`.

import Glibc

/// Adapts a `Follower` to the pipeline.
///
/// - `read` blocks until bytes arrive or the stop signal fires (then `.end`).
/// - `isReady` / `waitReady` look for new bytes (waiting efficiently, up to the timeout) and
///   keep what they find for the next `read`.
/// - At a file boundary (rotation, truncation), if the previous file ended without a newline,
///   one `\n` is served: its last line is complete, and must not be joined with the first line
///   of the next file.
/// - A read error is served as `.failed` once, then the source ends.
public final class FollowSource: ByteSource {
    public let follower: Follower
    /// While `read` waits for data, it calls `whileWaiting` this often (statistics, reopen).
    public var waitSlice: Duration = .milliseconds(50)
    /// Called between wait slices inside a blocking `read`.
    public var whileWaiting: (() -> Void)?

    private var held: [UInt8]
    private var heldStart = 0
    private var heldEnd = 0
    private var lastByte: UInt8?
    private var ended = false
    private var failure: InputError?

    public init(follower: Follower, lookaheadSize: Int = 64 << 10) {
        self.follower = follower
        held = [UInt8](repeating: 0, count: max(1, lookaheadSize))
    }

    /// Bytes of the followed file(s) not yet handed to the pipeline.
    public var lagBytes: Int { follower.lagBytes + (heldEnd - heldStart) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        // Serve at most count-1 bytes when we can: a short read tells the pipeline to check
        // `isReady()` and flush when the file is idle, instead of reading (and blocking) again.
        let limit = buffer.count > 1 ? buffer.count - 1 : buffer.count
        if heldEnd > heldStart {
            let n = min(limit, heldEnd - heldStart)
            held.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + heldStart, byteCount: n)
            }
            heldStart += n
            if heldStart == heldEnd { heldStart = 0; heldEnd = 0 }
            return .bytes(n)
        }
        if let failure {
            self.failure = nil
            ended = true
            return .failed(failure)
        }
        if ended { return .end }
        let target = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<limit])
        while true {
            let event: FollowEvent
            do {
                event = try follower.next(into: target, timeout: waitSlice)
            } catch {
                ended = true
                return .failed(Self.inputError(error, path: follower.path))
            }
            switch event {
            case .data(let n):
                lastByte = target[n - 1]
                return .bytes(n)
            case .switched:
                if let b = lastByte, b != UInt8(ascii: "\n") {
                    target[0] = UInt8(ascii: "\n")
                    lastByte = UInt8(ascii: "\n")
                    return .bytes(1)
                }
            case .idle:
                whileWaiting?()
            case .stopped:
                ended = true
                return .end
            }
        }
    }

    public func isReady() -> Bool { fill(timeout: .zero) }

    public func waitReady(timeoutMilliseconds: Int32) -> Bool {
        fill(timeout: .milliseconds(Int(max(0, timeoutMilliseconds))))
    }

    /// Looks for bytes (or the end) for up to `timeout`; keeps what it finds.
    private func fill(timeout: Duration) -> Bool {
        if heldEnd > heldStart || ended || failure != nil { return true }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let event: FollowEvent
            do {
                event = try held.withUnsafeMutableBytes { try follower.next(into: $0, timeout: deadline - clock.now) }
            } catch {
                failure = Self.inputError(error, path: follower.path)
                return true
            }
            switch event {
            case .data(let n):
                heldStart = 0
                heldEnd = n
                lastByte = held[n - 1]
                return true
            case .switched:
                if let b = lastByte, b != UInt8(ascii: "\n") {
                    held[0] = UInt8(ascii: "\n")
                    heldStart = 0
                    heldEnd = 1
                    lastByte = UInt8(ascii: "\n")
                    return true
                }
            case .idle:
                return false
            case .stopped:
                ended = true
                return true
            }
        }
    }

    static func inputError(_ error: Error, path: String) -> InputError {
        if let e = error as? FollowError { return InputError(input: e.path, kind: .read(errno: e.errno)) }
        return InputError(input: path, kind: .read(errno: EIO))
    }
}
