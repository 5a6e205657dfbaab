// Scoring a redactor against labelled corpus lines. Independent of any engine: feed it each
// input line with its label and the redactor's output line.

/// A count of planted items and how many of them came out right.
public struct Tally: Sendable, Equatable {
    public var planted = 0
    public var good = 0
    public init() {}
    public var bad: Int { planted - good }
    /// Share that came out right (1 when nothing was planted).
    public var rate: Double { planted == 0 ? 1 : Double(good) / Double(planted) }
    mutating func add(_ ok: Bool) { planted += 1; if ok { good += 1 } }
}

/// What went wrong on a line (for `--show-misses`; holds no bytes).
public struct EvaluationMiss: Sendable, Equatable {
    public enum Problem: String, Sendable { case piiLeft = "pii-left", lookalikeLost = "lookalike-lost", cleanChanged = "clean-changed" }
    public var line: Int
    public var problem: Problem
    /// Kind/context/format/variant of the planted item (empty for `cleanChanged`).
    public var what: String
}

public struct Evaluation: Sendable {
    /// Look-alike kinds left out of the survival target (still reported).
    public var excludedLookalikes: Set<PlantedKind>

    public private(set) var lines = 0
    /// Recall of personal data by `kind context`.
    public private(set) var byKindContext: [String: Tally] = [:]
    /// Recall by `kind format`.
    public private(set) var byFormat: [String: Tally] = [:]
    /// E-mail recall by address shape; phone recall by country, by style and by full variant.
    public private(set) var emailByVariant: [String: Tally] = [:]
    public private(set) var phoneByCountry: [String: Tally] = [:]
    public private(set) var phoneByStyle: [String: Tally] = [:]
    public private(set) var phoneByVariant: [String: Tally] = [:]
    /// Recall of personal data by line family.
    public private(set) var byFamily: [String: Tally] = [:]
    /// Look-alike survival by kind.
    public private(set) var lookalikes: [String: Tally] = [:]
    /// Lines without personal data that came out byte-identical.
    public private(set) var cleanLines = Tally()
    /// Lines inside a multi-line field-level value without a personal value of their own
    /// (`"type": "location",`), and how many came out identical (informational, no target).
    public private(set) var withinFieldLines = Tally()

    // The targets.
    public private(set) var fieldRecall = Tally()
    public private(set) var emailTextRecall = Tally()
    public private(set) var phoneTextRecall = Tally()
    public private(set) var lookalikeSurvival = Tally()
    /// Everything planted, all contexts (informational).
    public private(set) var allPII = Tally()

    public init(excludedLookalikes: Set<PlantedKind> = []) { self.excludedLookalikes = excludedLookalikes }

    /// Scores one line; returns what went wrong on it.
    @discardableResult
    public mutating func add(input: CorpusLine, output: some Collection<UInt8>, lineNumber: Int) -> [EvaluationMiss] {
        let out = Array(output)
        var misses: [EvaluationMiss] = []
        lines += 1
        let label = input.label
        for p in label.pii {
            let caught = !Evaluation.contains(out, p.bytes)
            let kind = p.kind.rawValue
            byKindContext["\(kind) \(p.context.rawValue)", default: Tally()].add(caught)
            byFormat["\(kind) \(p.format)", default: Tally()].add(caught)
            byFamily[label.family, default: Tally()].add(caught)
            allPII.add(caught)
            if p.kind == .email { emailByVariant[p.variant, default: Tally()].add(caught) }
            if p.kind == .phone {
                let parts = p.variant.split(separator: "-", maxSplits: 1)
                phoneByCountry[String(parts[0]), default: Tally()].add(caught)
                phoneByStyle[parts.count > 1 ? String(parts[1]) : "-", default: Tally()].add(caught)
                phoneByVariant[p.variant, default: Tally()].add(caught)
            }
            if p.context == .field { fieldRecall.add(caught) }
            if p.context != .field && p.kind == .email { emailTextRecall.add(caught) }
            if p.context != .field && p.kind == .phone { phoneTextRecall.add(caught) }
            if !caught {
                misses.append(EvaluationMiss(line: lineNumber, problem: .piiLeft,
                                             what: "\(kind) \(p.context.rawValue) \(p.format) \(p.variant)"))
            }
        }
        for l in label.lookalikes {
            let survived = Evaluation.contains(out, l.bytes)
            lookalikes[l.kind.rawValue, default: Tally()].add(survived)
            if !excludedLookalikes.contains(l.kind) { lookalikeSurvival.add(survived) }
            if !survived {
                misses.append(EvaluationMiss(line: lineNumber, problem: .lookalikeLost,
                                             what: "\(l.kind.rawValue) \(l.format) \(l.variant)"))
            }
        }
        if label.pii.isEmpty && label.withinPIIField {
            withinFieldLines.add(out.elementsEqual(input.bytes))
        } else if label.pii.isEmpty {
            let same = out.elementsEqual(input.bytes)
            cleanLines.add(same)
            if !same { misses.append(EvaluationMiss(line: lineNumber, problem: .cleanChanged, what: label.family)) }
        }
        return misses
    }

    /// Whether `needle` occurs in `haystack`.
    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                let first = n[0], last = h.count - n.count
                var i = 0
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
