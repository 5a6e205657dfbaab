@testable import Redact

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
