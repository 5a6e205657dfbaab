import Testing
@testable import Redact
import RedactCorpus

/// Redacts `input` by feeding it in chunks of `size` bytes (0 = whole).
func redactChunked(_ input: [UInt8], size: Int, plan: RedactionPlan = .intercom) -> (out: [UInt8], stats: RedactionStats) {
    var r = StreamRedactor(plan: plan)
    var out: [UInt8] = []
    if size == 0 {
        input.withUnsafeBytes { r.feed($0, into: &out) }
    } else {
        var i = 0
        while i < input.count {
            let j = min(input.count, i + size)
            input[i..<j].withUnsafeBytes { r.feed($0, into: &out) }
            i = j
        }
    }
    r.finish(into: &out)
    return (out, r.stats)
}

/// Expects `input` to come out as `expected` fed in every chunk size from 1 byte up and whole, and
/// `expected` to differ from `input` (so the test asserts a redaction).
func expectInEveryChunkSize(_ input: [UInt8], _ expected: [UInt8], plan: RedactionPlan = .intercom,
                            sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(expected != input, sourceLocation: sourceLocation)
    for size in 0...input.count {
        #expect(redactChunked(input, size: size, plan: plan).out == expected, "chunk size \(size)",
                sourceLocation: sourceLocation)
    }
}

/// The built-in policy's plan with `logfmt_keys` off.
func planWithoutLogfmtKeys() throws -> RedactionPlan {
    var policy = RedactionPolicy.intercom
    policy.logfmtKeys = false
    return try RedactionPlan(policy: policy)
}

/// With `logfmt_keys` off, the line `line` comes out as `expected`: keys outside JSON are text
/// (the detectors still run).
func expectWithoutLogfmtKeys(_ line: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let out = redactChunked(bytes(line + "\n"), size: 0, plan: try planWithoutLogfmtKeys()).out
    #expect(out == bytes(expected + "\n"), sourceLocation: sourceLocation)
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

func occurs(_ needle: [UInt8], in hay: [UInt8]) -> Bool {
    guard !needle.isEmpty, hay.count >= needle.count else { return needle.isEmpty }
    for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle {
        return true
    }
    return false
}

/// A small deterministic generator (SplitMix64) for generated test inputs.
struct RNG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
}

/// Redacts `lines` (each followed by a newline) with both redactors and returns how many output
/// lines differ, recording the first three (`names` label the two sides). For checks that a fast
/// path or a memo never changes the output.
func differingLines(_ lines: [[UInt8]], _ a: inout LineRedactor, _ b: inout LineRedactor,
                    names: (String, String)) -> Int {
    var input: [UInt8] = []
    for l in lines { input += l; input.append(0x0A) }
    var outA: [UInt8] = [], outB: [UInt8] = []
    input.withUnsafeBytes { a.redactLines($0, into: &outA); b.redactLines($0, into: &outB) }
    let x = outA.split(separator: 0x0A, omittingEmptySubsequences: false)
    let y = outB.split(separator: 0x0A, omittingEmptySubsequences: false)
    #expect(x.count == y.count)
    var differ = 0
    for (i, (u, v)) in zip(x, y).enumerated() where u != v {
        differ += 1
        if differ <= 3 { Issue.record("line \(i): \(names.0) \(text(Array(u))) | \(names.1) \(text(Array(v)))") }
    }
    return differ
}

/// At least `n` generated lines of each mix (seed `seed`), in order.
func corpusLines(seed: UInt64, mixes: [Mix], atLeast n: Int) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    for mix in mixes {
        var g = CorpusGenerator(seed: seed, mix: mix)
        for l in g.lines(atLeast: n) { lines.append(l.bytes) }
    }
    return lines
}
