/// A compiled, immutable redaction plan: field rules and PCRE2 detectors, built once and shared
/// by every redactor (and every thread). STUB until the engine lands.
public final class RedactionPlan: Sendable {
    public let maxRecordSize: Int

    /// The default plan: the built-in Intercom field policy and the built-in detectors.
    public static let intercom: RedactionPlan = try! RedactionPlan(maxRecordSize: 1 << 20)

    public init(maxRecordSize: Int = 1 << 20) throws {
        self.maxRecordSize = maxRecordSize
    }
}

/// What a chunk of lines leaves open for the next one (a pretty-printed JSON document that spans
/// lines). Small and `Equatable`, so a parallel pipeline can redact chunks speculatively from
/// `.initial` and redo the rare chunk whose predecessor ended in another state.
public struct CarryState: Sendable, Equatable {
    public static let initial = CarryState()
    public init() {}
}

/// Redacts whole lines with one plan; one per thread. Holds PCRE2 match data, so not `Sendable`.
public struct LineRedactor {
    public let plan: RedactionPlan
    public private(set) var stats = RedactionStats()
    public var carry = CarryState.initial

    public init(plan: RedactionPlan) { self.plan = plan }

    /// Redacts `chunk`, which must consist of complete lines (each ending in `\n`), except that
    /// the last line may lack its newline when it is the end of input. Appends to `out`.
    public mutating func redactLines(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.append(contentsOf: chunk)
        stats.bytesIn += chunk.count
        stats.bytesOut += chunk.count
    }

    /// Redacts one piece of a record longer than `plan.maxRecordSize`. A pipeline that cannot
    /// find a newline within `maxRecordSize` bytes cuts the record with `oversizedCut(_:)` and
    /// hands the pieces over in order; the last piece is then given to `redactLines` as usual
    /// (it ends with the record's newline). Each piece is scanned as text, never passed raw.
    public mutating func redactOversizedPiece(_ piece: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.append(contentsOf: piece)
        stats.bytesIn += piece.count
        stats.bytesOut += piece.count
    }

    /// Where to cut a buffer of at least `maxRecordSize` bytes that holds no newline: a length
    /// in `1...buffer.count`, preferring a place no e-mail or phone number can straddle.
    public static func oversizedCut(_ buffer: UnsafeRawBufferPointer) -> Int { buffer.count }
}

/// A streaming redactor: takes arbitrary chunks, splits records, keeps at most the maximum record
/// size buffered, and hands back redacted output.
public struct StreamRedactor {
    public private(set) var lines: LineRedactor
    var pending: [UInt8] = []

    public init(plan: RedactionPlan = .intercom) { lines = LineRedactor(plan: plan) }

    public var stats: RedactionStats { lines.stats }
    /// Bytes held back waiting for the end of their line.
    public var bufferedByteCount: Int { pending.count }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        pending.append(contentsOf: chunk)
        guard let last = pending.lastIndex(of: UInt8(ascii: "\n")) else { return }
        let head = Array(pending[...last])
        pending.removeFirst(last + 1)
        head.withUnsafeBytes { lines.redactLines($0, into: &out) }
    }

    /// Redacts and emits a partial last line now (end of input, or a follow-mode timeout).
    public mutating func flushPartial(into out: inout [UInt8]) {
        let rest = pending
        pending.removeAll()
        rest.withUnsafeBytes { lines.redactLines($0, into: &out) }
    }

    public mutating func finish(into out: inout [UInt8]) { flushPartial(into: &out) }
}

extension RedactionPlan {
    /// Redacts a whole text (one or many lines).
    public func redact(_ text: String) -> String {
        String(decoding: redact(bytes: Array(text.utf8)), as: UTF8.self)
    }

    public func redact(bytes: [UInt8]) -> [UInt8] {
        var r = StreamRedactor(plan: self)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        bytes.withUnsafeBytes { r.feed($0, into: &out) }
        r.finish(into: &out)
        return out
    }
}
