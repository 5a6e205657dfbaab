// Deterministic pseudo-random numbers. The corpus must be byte-identical for a given seed on every
// machine and every Swift version, so nothing here uses the standard library's random APIs (whose
// algorithms are not promised to stay the same) or Foundation.

/// SplitMix64 (Steele, Lea, Flood 2014): used only to expand a 64-bit seed into xoshiro state.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** 1.0 (Blackman, Vigna 2018), seeded through SplitMix64.
public struct Xoshiro256StarStar: Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A number in `0..<n` (n > 0), by Lemire's multiply-shift (the tiny bias is irrelevant here
    /// and the result is fully determined by the state).
    @inlinable @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A number in `lo...hi`.
    @inlinable @inline(__always)
    public mutating func range(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    /// True with probability `permille / 1000`.
    @inlinable @inline(__always)
    public mutating func chance(_ permille: Int) -> Bool { below(1000) < permille }

    /// True with probability `p` (resolution 2^-32).
    @inlinable @inline(__always)
    public mutating func chance(probability p: Double) -> Bool {
        if p >= 1 { return true }
        if p <= 0 { return false }
        return (next() >> 32) < UInt64(p * 4_294_967_296.0)
    }

    @inlinable @inline(__always)
    public mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
}
