// Counters every redactor keeps; the engine's other public types are in Plan.swift,
// LineRedactor.swift and StreamRedactor.swift.

/// Counters of what a redactor did. Never holds a value or an input line.
public struct RedactionStats: Sendable, Equatable {
    public var lines: Int = 0
    public var bytesIn: Int = 0
    public var bytesOut: Int = 0
    /// Records longer than the maximum record size (redacted in segments, never passed raw).
    public var oversizedRecords: Int = 0
    /// Spans masked because a pattern hit its PCRE2 match or depth limit (fail closed).
    public var limitMasks: Int = 0
    /// Partial lines written in part before their newline (a follow-mode timeout, an idle pipe,
    /// `StreamRedactor.flushPartial`): flushes that wrote a part up to a safe cut.
    public var partialFlushes: Int = 0
    /// Partial lines whose rest was replaced by `[REDACTED:partial]` because it could not be
    /// written redacted (no safe cut came, or the whole line's redaction did not extend the part
    /// already written). See `PartialLine`.
    public var partialMasks: Int = 0
    /// Redactions by kind (`email`, `phone`, `name`, ...).
    public var byKind: [String: Int] = [:]
    /// Field-level redactions by key path (`custom_attributes.ssn`, `email`, ...).
    public var byField: [String: Int] = [:]
    /// Redactions by rule and by detector, with line numbers when the policy records them
    /// (`RedactionPolicy.reportLineLimit`), keyed by `Finding.label`. See Report.swift.
    public var findings: [String: Finding] = [:]
    public init() {}
    /// Adds the statistics of the input that follows: `other`'s line numbers count on from `lines`.
    public mutating func merge(_ other: RedactionStats) {
        for (label, f) in other.findings { findings[label, default: f.emptied].add(f, lineOffset: lines) }
        lines += other.lines; bytesIn += other.bytesIn; bytesOut += other.bytesOut
        oversizedRecords += other.oversizedRecords; limitMasks += other.limitMasks
        partialFlushes += other.partialFlushes; partialMasks += other.partialMasks
        for (k, v) in other.byKind { byKind[k, default: 0] += v }
        for (k, v) in other.byField { byField[k, default: 0] += v }
    }
    public var redactions: Int { byKind.values.reduce(0, +) }
}
