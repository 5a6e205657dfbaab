// Engine hot-path benchmarks on in-memory input. Each measured iteration redacts one slice of about
// 1 MB (1,000,000 bytes, cut at a line end) of a generated corpus, cycling through the slices, so
// the `throughput` metric (# per second) reads as MB/s and `mallocCountTotal` is mallocs per MB.
// Setup (corpus generation, the correctness check) stays outside the measured part.

import Benchmark
import BenchSupport
@_spi(Kernels) import Redact
import RedactCorpus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `REDACT_BENCH_QUICK=1`: a short smoke run for CI (small corpus, few iterations).
let quick: Bool = {
    guard let v = getenv("REDACT_BENCH_QUICK") else { return false }
    return String(cString: v) != "0"
}()

let sliceSize = 1_000_000

final class EngineState: @unchecked Sendable {
    let slices: [[UInt8]]
    var redactor: LineRedactor
    var out: [UInt8] = []
    var next = 0

    init(mix: Mix, size: Int) throws {
        let corpus = BenchCorpus(mix: mix, size: size)
        slices = BenchSupport.slices(of: corpus.bytes, sliceSize: sliceSize)
        redactor = LineRedactor(plan: .intercom)
        out.reserveCapacity(2 * sliceSize)
        // Correctness: the same slices, redacted the way the benchmark does it, must be right.
        var all: [UInt8] = []
        for s in slices {
            out.removeAll(keepingCapacity: true)
            s.withUnsafeBytes { redactor.redactLines($0, into: &out) }
            all.append(contentsOf: out)
        }
        if let failure = corpus.verify(all) { throw BenchmarkCheck.failed("\(mix): \(failure)") }
    }

    @inline(__always) func step() {
        let s = slices[next]
        next = next + 1 == slices.count ? 0 : next + 1
        out.removeAll(keepingCapacity: true)
        s.withUnsafeBytes { redactor.redactLines($0, into: &out) }
        blackHole(out.count)
    }
}

enum BenchmarkCheck: Error { case failed(String) }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: quick ? 1 : 4,
        scalingFactor: .one,
        maxDuration: quick ? .milliseconds(200) : .seconds(3),
        maxIterations: quick ? 8 : 2000
    )
    let corpusSize = quick ? 2 * sliceSize : 16 * sliceSize

    for mix in Mix.allCases {
        Benchmark("Engine/\(mix.rawValue) (1 MB per iteration)") { benchmark, state in
            for _ in benchmark.scaledIterations { state.step() }
        } setup: {
            try EngineState(mix: mix, size: corpusSize)
        }
    }

    // Compiling a big policy (parse, plan, a redactor): 16,384 rules of two keys each, each excepting
    // one of 48 types (with the built-in `name` rule's 8, the 64 a plan holds at most). One
    // compilation per iteration: it must stay linear in the rules (a search per key and per path
    // made 16,384 rules take 3.6 s).
    Benchmark("Policy/compile 16,384 field rules") { benchmark, text in
        for _ in benchmark.scaledIterations { blackHole(try compile(text)) }
    } setup: {
        let text = bigPolicy(rules: 16_384)
        let plan = try compile(text).plan
        let line = #"{"k16383":{"v16383":"x","v1":"y"}}"# + "\n"
        guard plan.redact(line) == #"{"k16383":{"v16383":"[REDACTED:x]","v1":"y"}}"# + "\n" else {
            throw BenchmarkCheck.failed("big policy: the last rule does not redact its field")
        }
        return text
    }

    // The byte kernels alone, over the production corpus, one 1 MB slice per iteration, line by line
    // as the cheap pass runs them.
    let kernels: [(String, @Sendable (UnsafePointer<UInt8>, Int, Int) -> Int)] = [
        ("digit run (SWAR)", { p, s, e in ByteKernels.digitRun(p, s, e, atLeast: 7) ? 1 : 0 }),
        ("digit run (scalar)", { p, s, e in ByteKernels.digitRunScalar(p, s, e, atLeast: 7) ? 1 : 0 }),
        ("next digit run (SWAR)", { p, s, e in
            var n = 0, from = s
            while let r = ByteKernels.nextDigitRun(p, from, e, atLeast: 7) { n += 1; from = r.end }
            return n
        }),
        ("next digit run (scalar)", { p, s, e in
            var n = 0, from = s
            while let r = ByteKernels.nextDigitRunScalar(p, from, e, atLeast: 7) { n += 1; from = r.end }
            return n
        }),
        ("key candidates (memchr)", { p, s, e in
            var n = 0, i = s
            while i < e, let q = memchr(p + i, 0x22, e - i) {
                let k = UnsafeRawPointer(q) - UnsafeRawPointer(p) + 1
                n &+= ByteKernels.keyCandidateEnd(p, k, e)
                i = k
            }
            return n
        }),
        ("key candidates (scalar)", { p, s, e in
            var n = 0, i = s
            while i < e, let q = memchr(p + i, 0x22, e - i) {
                let k = UnsafeRawPointer(q) - UnsafeRawPointer(p) + 1
                n &+= ByteKernels.keyCandidateEndScalar(p, k, e)
                i = k
            }
            return n
        }),
        ("memchr newline (line split only)", { _, _, _ in 0 }),
    ]
    for (name, kernel) in kernels {
        Benchmark("Kernel/\(name) (1 MB per iteration)") { benchmark, state in
            for _ in benchmark.scaledIterations { blackHole(state.run(kernel)) }
        } setup: {
            KernelState(BenchCorpus(mix: .production, size: corpusSize).bytes)
        }
    }
    // What the engine runs now instead of `next digit run` per line: one pass over the whole slice.
    Benchmark("Kernel/digit runs of the slice (bitmasks) (1 MB per iteration)") { benchmark, state in
        var runs: [ByteKernels.DigitRun] = []
        runs.reserveCapacity(1 << 15)
        for _ in benchmark.scaledIterations {
            blackHole(state.runWhole { p, n in
                runs.removeAll(keepingCapacity: true)
                ByteKernels.digitRuns(p, n, atLeast: 7, into: &runs)
                return runs.count
            })
        }
    } setup: {
        KernelState(BenchCorpus(mix: .production, size: corpusSize).bytes)
    }
}

/// A policy file of `rules` field rules, `k<i>.v<i>` of kind `x`, each excepting type `t<i % 48>`.
func bigPolicy(rules: Int) -> String {
    let fields = (0..<rules).map { #"{"path":"k\#($0).v\#($0)","kind":"x","except_when_type_is":["t\#($0 % 48)"]}"# }
    return #"{"fields":["# + fields.joined(separator: ",") + "]}"
}

func compile(_ text: String) throws -> LineRedactor {
    LineRedactor(plan: try RedactionPlan(policy: PolicyFile.parse(text, file: "big.json").resolved()))
}

final class KernelState: @unchecked Sendable {
    let slices: [[UInt8]]
    var next = 0
    init(_ bytes: [UInt8]) { slices = BenchSupport.slices(of: bytes, sliceSize: sliceSize) }

    /// Runs `kernel` on the whole next slice.
    func runWhole(_ kernel: (UnsafePointer<UInt8>, Int) -> Int) -> Int {
        let s = slices[next]
        next = next + 1 == slices.count ? 0 : next + 1
        return s.withUnsafeBufferPointer { kernel($0.baseAddress!, $0.count) }
    }

    /// Runs `kernel` on every line of the next slice; returns a checksum of its answers.
    func run(_ kernel: (UnsafePointer<UInt8>, Int, Int) -> Int) -> Int {
        let s = slices[next]
        next = next + 1 == slices.count ? 0 : next + 1
        return s.withUnsafeBufferPointer { b in
            let p = b.baseAddress!
            var sum = 0, ls = 0
            while ls < b.count {
                let le = memchr(p + ls, 0x0A, b.count - ls).map { UnsafeRawPointer($0) - UnsafeRawPointer(p) } ?? b.count
                sum &+= kernel(p, ls, le)
                ls = le + 1
            }
            return sum
        }
    }
}
