// Engine hot-path benchmarks on in-memory input. Each measured iteration redacts one slice of about
// 1 MB (1,000,000 bytes, cut at a line end) of a generated corpus, cycling through the slices, so
// the `throughput` metric (# per second) reads as MB/s and `mallocCountTotal` is mallocs per MB.
// Setup (corpus generation, the correctness check) stays outside the measured part.

import Benchmark
import BenchSupport
import Redact

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

final class EngineState {
    let slices: [[UInt8]]
    var redactor: LineRedactor
    var out: [UInt8] = []
    var next = 0

    init(mix: Mix, size: Int) throws {
        let corpus = LocalCorpus(mix: mix, size: size)
        slices = slices(of: corpus.bytes, sliceSize: sliceSize)
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
}
