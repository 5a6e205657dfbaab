#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming redactor: takes chunks of any size, splits records, and hands back redacted output.
/// Complete lines are redacted straight from the caller's chunk; only the unfinished last line is
/// copied, and never more than `plan.maxRecordSize` bytes of it are held (longer records are
/// redacted in pieces), so memory is bounded whatever the input.
public struct StreamRedactor {
    public private(set) var lines: LineRedactor
    private var pending: [UInt8] = []

    public init(plan: RedactionPlan = .intercom) {
        lines = LineRedactor(plan: plan)
    }

    public var stats: RedactionStats { lines.stats }
    /// Bytes held back waiting for the end of their line.
    public var bufferedByteCount: Int { pending.count }

    /// Redacts what `chunk` completes and keeps the rest (an unfinished line) for the next call.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard var p = chunk.baseAddress, chunk.count > 0 else { return }
        var n = chunk.count
        if !pending.isEmpty {
            // Finish the pending line first.
            if let q = memchr(p, 0x0A, n) {
                let take = UnsafeRawPointer(q) - p + 1
                pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: take))
                pending.withUnsafeBytes { lines.redactLines($0, into: &out) }
                pending.removeAll(keepingCapacity: true)
                p += take
                n -= take
            } else {
                pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
                cutOversized(into: &out)
                return
            }
        }
        guard n > 0 else { return }
        // Complete lines straight from the chunk.
        var lastNewline = n
        while lastNewline > 0 && p.load(fromByteOffset: lastNewline - 1, as: UInt8.self) != 0x0A { lastNewline -= 1 }
        if lastNewline > 0 { lines.redactLines(UnsafeRawBufferPointer(start: p, count: lastNewline), into: &out) }
        if lastNewline < n {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: p + lastNewline, count: n - lastNewline))
            cutOversized(into: &out)
        }
    }

    /// While the pending line exceeds the maximum record size, redacts and emits a piece of it.
    private mutating func cutOversized(into out: inout [UInt8]) {
        let max = lines.plan.maxRecordSize
        guard pending.count > max else { return }
        var start = 0
        pending.withUnsafeBytes { buf in
            while pending.count - start > max {
                let window = UnsafeRawBufferPointer(rebasing: buf[start..<(start + max)])
                let cut = LineRedactor.oversizedCut(window)
                lines.redactOversizedPiece(UnsafeRawBufferPointer(rebasing: buf[start..<(start + cut)]), into: &out)
                start += cut
            }
        }
        pending.removeFirst(start)
    }

    /// Redacts and emits the unfinished last line now (end of input, or a follow-mode timeout). If more
    /// of that line arrives later, it is redacted as a fragment of its own.
    public mutating func flushPartial(into out: inout [UInt8]) {
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { lines.redactLines($0, into: &out) }
        pending.removeAll(keepingCapacity: true)
    }

    /// End of input: emits the unfinished last line, if any (without adding a newline).
    public mutating func finish(into out: inout [UInt8]) { flushPartial(into: &out) }
}

extension RedactionPlan {
    /// Redacts a whole text (one or many lines) in one call.
    public func redact(_ text: String) -> String {
        String(decoding: redact(bytes: Array(text.utf8)), as: UTF8.self)
    }

    /// Redacts a whole byte buffer (one or many lines) in one call.
    public func redact(bytes: [UInt8]) -> [UInt8] {
        var r = StreamRedactor(plan: self)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        bytes.withUnsafeBytes { r.feed($0, into: &out) }
        r.finish(into: &out)
        return out
    }
}
