// Partial lines written before their newline (a follow-mode timeout, an idle pipe, a library
// caller's `StreamRedactor.flushPartial`): where such a line may be cut, and the bookkeeping that
// lets the whole line be redacted once complete while only what was not written yet is written.
// Shared by `StreamRedactor` and RedactIO's `Pipeline`, so both give the same guarantee.

/// Where a partial line may be cut for a flush: after `c` bytes such that no e-mail address or
/// phone number can contain both `buffer[c - 1]` and `buffer[c]`. Safe are the positions just after
/// a quote, comma, bracket, brace, angle bracket or `|` (which neither contains, as for
/// `LineRedactor.oversizedCut`), and after a space or tab whose preceding non-blank byte is a
/// letter or one of those (a phone number's groups are separated by spaces, so a space after a
/// digit, `+`, `-`, `.`, `/`, `(` or `)` is not safe).
public enum PartialFlushCut {
    @inline(__always)
    static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ","), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "|"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// A blank run after this byte cannot be inside a phone number or an e-mail address.
    @inline(__always)
    static func endsWord(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "*"):
            return true
        default:
            return isDelimiter(b) || b >= 0x80
        }
    }

    /// Whether cutting `buffer` after `c` bytes is safe (the reference `last` is checked against).
    public static func isSafe(_ buffer: UnsafeRawBufferPointer, _ c: Int) -> Bool {
        guard c > 0 && c <= buffer.count else { return false }
        let b = buffer[c - 1]
        if isDelimiter(b) { return true }
        guard isBlank(b) else { return false }
        var i = c - 1
        while i > 0 && isBlank(buffer[i - 1]) { i -= 1 }
        return i == 0 || endsWord(buffer[i - 1])
    }

    /// The largest safe cut in `(after, buffer.count]`, or nil. Linear: a run of blanks is looked
    /// at once.
    public static func last(_ buffer: UnsafeRawBufferPointer, after: Int) -> Int? {
        var c = buffer.count
        while c > after {
            let b = buffer[c - 1]
            if isDelimiter(b) { return c }
            if isBlank(b) {
                var i = c - 1
                while i > 0 && isBlank(buffer[i - 1]) { i -= 1 }
                if i == 0 || endsWord(buffer[i - 1]) { return c }
                // Every cut in this run has the same byte before it: none is safe.
                c = i
                continue
            }
            c -= 1
        }
        return nil
    }
}

/// A partial line of which a part may have been written by flushes. The owner keeps the line's
/// bytes (from its start) until its newline and asks this value what to write:
///
/// - `flush`: the line so far is redacted up to its last safe cut (`PartialFlushCut`), as a line of
///   its own from the state the line started in, and only what extends the part already written is
///   written. A fragment such as `bob@exa` or `+44 20 79` is never written in halves.
/// - `completion`: once the line is complete (its newline, or the end of input), it is redacted
///   whole, in its full context, and only what goes beyond the written part is written: the pieces
///   together are byte for byte the redaction of the whole line.
/// - The mask, when that is impossible: a redaction that does not start with what was written (one
///   that would cover both sides of a cut), or `maskAfterFlushes` flush requests in a row that find
///   the line unchanged and without a new safe cut (a token that never ends). The owner writes
///   `mask` instead of the rest of the line and drops the line's bytes up to its newline: what
///   follows a masked token may need it as context (a JSON key, a phone word), so none of it is
///   written raw (fail closed).
public struct PartialLine: Sendable {
    /// What replaces the rest of a partial line that could not be written redacted.
    public static let defaultMask: [UInt8] = Array("[REDACTED:partial]".utf8)
    /// Flush requests in a row without a new safe cut (the line not growing) before the mask.
    public static let defaultMaskAfterFlushes = 5

    /// Bytes of the line, from its start, whose redaction has been written (after the mask: bytes
    /// the owner has accounted for and dropped).
    public var emitted = 0
    /// What was written for `line[0..<emitted]`.
    public private(set) var output: [UInt8] = []
    /// Statistics of the redaction of `line[0..<emitted]` (as the redactor reported them).
    public private(set) var stats = RedactionStats()
    /// The mask has been written for the rest of the line: its bytes are dropped up to its newline.
    public private(set) var masking = false
    /// Flush requests in a row that found no new safe cut in a line that did not grow.
    private var stalledFlushes = 0
    /// Length of the line at the last flush request.
    private var seenCount = 0

    public init() {}

    /// What a flush request asks the owner to do.
    public enum Flush {
        /// Write these bytes (the redaction of the line up to its new safe cut, beyond what was
        /// already written). May be empty.
        case write(ArraySlice<UInt8>)
        /// Nothing now: no new safe cut yet.
        case wait
        /// Write the mask for the rest of the line and call `startMask`.
        case mask
    }

    /// A flush request for `line`, the line so far (from its start, the written part included).
    /// `redact` returns the redaction of a start of the line as a line of its own, from the state
    /// the line started in, and its statistics. Once masking, nothing is to be written: `.wait`.
    public mutating func flush(
        _ line: UnsafeRawBufferPointer, maskAfterFlushes: Int = PartialLine.defaultMaskAfterFlushes,
        redact: (UnsafeRawBufferPointer) -> ([UInt8], RedactionStats)
    ) -> Flush {
        guard !masking else { return .wait }
        defer { seenCount = line.count }
        if let cut = PartialFlushCut.last(line, after: emitted) {
            let (out, delta) = redact(UnsafeRawBufferPointer(rebasing: line[0..<cut]))
            guard out.starts(with: output) else { return .mask }
            let piece = out[output.count...]
            output = out
            stats = delta
            emitted = cut
            stalledFlushes = 0
            return .write(piece)
        }
        // Counted only while the line does not grow: a token still being written waits.
        stalledFlushes = line.count == seenCount ? stalledFlushes + 1 : 1
        return stalledFlushes >= maskAfterFlushes ? .mask : .wait
    }

    /// The owner has written the mask for `line[emitted..<lineCount]`. Returns the statistics of
    /// the part written before the mask, which the owner counts (the redaction of the whole line
    /// never will be); `emitted` becomes `lineCount`, and the owner drops the rest of the line.
    public mutating func startMask(lineCount: Int) -> RedactionStats {
        let written = stats
        stats = RedactionStats()
        output = []
        masking = true
        emitted = lineCount
        stalledFlushes = 0
        return written
    }

    /// The line is complete and `whole` is its redaction (from the state it started in): the bytes
    /// to write after what was written, or nil when the mask must be written instead (the
    /// redaction of the whole does not start with what was written).
    public func completion(_ whole: [UInt8]) -> ArraySlice<UInt8>? {
        whole.starts(with: output) ? whole[output.count...] : nil
    }
}

extension LineRedactor {
    /// Puts the redactor in the state it would be in had it redacted everything before the bytes it
    /// is about to get, as far as oversized records go: `open` when they are the rest of a record
    /// whose first pieces went to `redactOversizedPiece` (perhaps by another redactor). The engine
    /// keeps that state outside `CarryState`, so it is set through the public entry points: a
    /// one-byte piece opens it, an empty line closes it. Both touch only counters; set `carry`
    /// after this call, and take statistics as differences around the redaction that follows.
    public mutating func prepareForChunk(oversizedRecordOpen open: Bool) {
        var scratch: [UInt8] = []
        scratch.reserveCapacity(16)
        let byte: [UInt8] = open ? [0x20] : [0x0A]
        byte.withUnsafeBytes { b in
            if open { redactOversizedPiece(b, into: &scratch) } else { redactLines(b, into: &scratch) }
        }
    }
}
