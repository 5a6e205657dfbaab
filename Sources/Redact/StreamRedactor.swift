#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming redactor: takes chunks of any size, splits records, and hands back redacted output.
/// Complete lines are redacted straight from the caller's chunk; only the unfinished last line is
/// copied, and never more than `plan.maxRecordSize` bytes of it are held (longer records are
/// redacted in pieces), so memory is bounded whatever the input.
///
/// An unfinished line can be written before its newline with `flushPartial(into:)` (an idle
/// stream, a timeout), with the guarantee of the `redact` pipeline (`PartialLine`): only up to its
/// last safe cut, so that no e-mail address or phone number is written in halves (`bob@exa` |
/// `mple.com`) that neither half would be recognised in; the rest is held, and when the line
/// completes it is redacted whole and only what extends the written part is written. When that is
/// impossible, or `partialMaskAfterFlushes` flushes in a row find the line unchanged and without a
/// new safe cut, `partialMask` (`[REDACTED:partial]`) replaces the rest of the line, which is
/// dropped up to its newline: never written raw. `stats` counts both (`partialFlushes`,
/// `partialMasks`).
public struct StreamRedactor {
    public private(set) var lines: LineRedactor
    /// The unfinished last line (all of it, the part a flush wrote included).
    private var pending: [UInt8] = []
    /// What flushes wrote of the pending line, once `flushPartial` has looked at it.
    private var held: PartialLine?
    /// Redacts starts of a held line from the state the line started in, so that `lines` sees only
    /// whole lines. Made at the first flush.
    private var partialRedactor: LineRedactor?
    private var scratch: [UInt8] = []
    /// `pending` is the rest of a record whose first pieces went out as oversized pieces.
    private var inOversized = false
    /// What `lines` does not count: partial flushes and masks, and the bytes read or written other
    /// than `lines` saw them (a mask, bytes dropped after it, a part written before the whole).
    private var partialFlushes = 0, partialMasks = 0
    private var bytesInAdjustment = 0, bytesOutAdjustment = 0

    /// Flushes in a row that find the pending line unchanged and without a new safe cut before the
    /// rest of the line is masked.
    public var partialMaskAfterFlushes = PartialLine.defaultMaskAfterFlushes
    /// What replaces the rest of a line that could not be written redacted.
    public var partialMask = PartialLine.defaultMask

    public init(plan: RedactionPlan = .intercom) {
        lines = LineRedactor(plan: plan)
    }

    public var stats: RedactionStats {
        var s = lines.stats
        s.partialFlushes += partialFlushes
        s.partialMasks += partialMasks
        s.bytesIn += bytesInAdjustment
        s.bytesOut += bytesOutAdjustment
        return s
    }
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
                if held != nil && pending.count - 1 > lines.plan.maxRecordSize { releaseHeldLine() }
                completePending(into: &out)
                p += take
                n -= take
            } else {
                pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
                cutOversized(into: &out)
                return
            }
        } else if held != nil {
            // A masked line: the mask stands for the rest of it, dropped up to its newline.
            guard let q = memchr(p, 0x0A, n) else {
                bytesInAdjustment += n
                return
            }
            let take = UnsafeRawPointer(q) - p + 1
            out.append(0x0A)
            bytesInAdjustment += take
            bytesOutAdjustment += 1
            held = nil
            p += take
            n -= take
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

    /// Redacts the pending line, now complete (or at the end of input), whole; of a line that
    /// flushes wrote in part, writes only what extends that part, or the mask.
    private mutating func completePending(into out: inout [UInt8]) {
        if let h = held {
            held = nil
            scratch.removeAll(keepingCapacity: true)
            pending.withUnsafeBytes { lines.redactLines($0, into: &scratch) }
            let written: Int
            if let rest = h.completion(scratch) {
                out.append(contentsOf: rest)
                written = rest.count
            } else {
                let newline = pending.last == 0x0A
                out.append(contentsOf: partialMask)
                if newline { out.append(0x0A) }
                written = partialMask.count + (newline ? 1 : 0)
                partialMasks += 1
            }
            // `lines` counted the redaction of the whole; out went the part and this.
            bytesOutAdjustment += h.output.count + written - scratch.count
        } else {
            pending.withUnsafeBytes { lines.redactLines($0, into: &out) }
        }
        pending.removeAll(keepingCapacity: true)
        inOversized = false
    }

    /// While the pending line exceeds the maximum record size, redacts and emits a piece of it.
    private mutating func cutOversized(into out: inout [UInt8]) {
        let max = lines.plan.maxRecordSize
        guard pending.count > max else { return }
        releaseHeldLine()
        var start = 0
        pending.withUnsafeBytes { buf in
            while pending.count - start > max {
                let window = UnsafeRawBufferPointer(rebasing: buf[start..<(start + max)])
                let cut = LineRedactor.oversizedCut(window)
                lines.redactOversizedPiece(UnsafeRawBufferPointer(rebasing: buf[start..<(start + cut)]), into: &out)
                start += cut
                inOversized = true
            }
        }
        pending.removeFirst(start)
    }

    /// A held line longer than the maximum record size: what flushes wrote stays cut where they
    /// cut it (the first piece of an oversized record, as far as `lines` knows); the rest goes on
    /// as the rest of that record. As in the pipeline.
    private mutating func releaseHeldLine() {
        guard let h = held else { return }
        held = nil
        guard h.emitted > 0 else { return }
        scratch.removeAll(keepingCapacity: true)
        pending.withUnsafeBytes {
            lines.redactOversizedPiece(UnsafeRawBufferPointer(rebasing: $0[0..<h.emitted]), into: &scratch)
        }
        bytesOutAdjustment += h.output.count - scratch.count
        pending.removeFirst(h.emitted)
        inOversized = true
    }

    /// Writes the unfinished last line now, as far as it can be written redacted (an idle stream, a
    /// follow-mode timeout): up to its last safe cut beyond what earlier flushes wrote, redacted as
    /// the line so far. The rest is held; when the line completes, it is redacted whole and only
    /// what extends the written part is written. When that is impossible, or this is the
    /// `partialMaskAfterFlushes`-th flush in a row that finds the line unchanged and without a new
    /// safe cut, `partialMask` is written for the rest of the line, which is then dropped up to its
    /// newline. Each line still gives exactly one output line. See `PartialLine`.
    public mutating func flushPartial(into out: inout [UInt8]) {
        // Nothing beyond what was written (or a masked line): nothing to do, and no flush counted
        // towards the mask.
        guard pending.count > (held?.emitted ?? 0) else { return }
        var h = held ?? PartialLine()
        var r = partialRedactor.take() ?? LineRedactor(plan: lines.plan)
        let (carry, open) = (lines.carry, inOversized)
        var part: [UInt8] = []
        swap(&part, &scratch)
        let step = pending.withUnsafeBytes { line in
            h.flush(line, maskAfterFlushes: partialMaskAfterFlushes) { start in
                r.prepareForChunk(oversizedRecordOpen: open)
                r.carry = carry
                part.removeAll(keepingCapacity: true)
                r.redactLines(start, into: &part)
                return (part, RedactionStats())
            }
        }
        partialRedactor = r
        scratch = part
        switch step {
        case .write(let piece):
            // Counted when something was written (a removed field can make the new part empty).
            out.append(contentsOf: piece)
            if !piece.isEmpty { partialFlushes += 1 }
        case .wait:
            break
        case .mask:
            startMask(&h, into: &out)
        }
        held = h
    }

    /// Writes the mask for the rest of the pending line and drops it. `lines` counts the line as
    /// the part written before the mask (its redactions, later line numbers). The lines after it
    /// start from the initial carry, as after any line whose structure is unknown (the dropped rest
    /// may have opened or closed a JSON container), as in the pipeline.
    private mutating func startMask(_ h: inout PartialLine, into out: inout [UInt8]) {
        out.append(contentsOf: partialMask)
        partialMasks += 1
        var line = Array(pending[0..<h.emitted])
        line.append(0x0A)
        scratch.removeAll(keepingCapacity: true)
        line.withUnsafeBytes { lines.redactLines($0, into: &scratch) }
        lines.carry = .initial
        bytesInAdjustment += pending.count - line.count
        bytesOutAdjustment += h.output.count + partialMask.count - scratch.count
        _ = h.startMask(lineCount: pending.count)
        pending.removeAll(keepingCapacity: true)
        inOversized = false
    }

    /// End of input: emits the unfinished last line, if any (without adding a newline), redacted
    /// whole; of a line that flushes wrote in part, what extends that part (or the mask).
    public mutating func finish(into out: inout [UInt8]) {
        if pending.isEmpty {
            held = nil
            return
        }
        completePending(into: &out)
    }
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
