// Drives the engine over a generated corpus without the benchmark framework, for profilers
// (valgrind --tool=callgrind counts instructions, stable on a noisy machine) and quick timing.
//   redact-profile MIX [MB] [PASSES]     MIX: production, dense, json, text
// Prints MB/s (wall clock) and whether the output checks out; generation is not timed.
// REDACT_PROFILE_KEEP=json (or =text) keeps only the lines that hold (or lack) a `{`, to profile one
// class of lines of a mix; the output is then not checked. REDACT_PROFILE_FILE=path profiles that
// file's bytes instead (unchecked too).

import BenchSupport
import Redact
import RedactCorpus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let args = CommandLine.arguments
guard args.count >= 2, let mix = Mix(rawValue: args[1]) else {
    print("usage: redact-profile production|dense|json|text [MB] [PASSES]")
    exit(2)
}
let megabytes = args.count > 2 ? Int(args[2]) ?? 8 : 8
let passes = args.count > 3 ? Int(args[3]) ?? 1 : 1
let corpus = BenchCorpus(mix: mix, size: megabytes * 1_000_000)
if let path = getenv("REDACT_PROFILE_DUMP") {
    // Writes the generated corpus to a file (for the throughput script and ad-hoc checks).
    let f = fopen(path, "wb")
    corpus.bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
}
var keep = getenv("REDACT_PROFILE_KEEP").map { String(cString: $0) }
var kept = corpus.bytes
if let path = getenv("REDACT_PROFILE_FILE") {
    // Profiles a file's lines instead of the generated corpus (a class of lines picked by hand).
    kept = []
    let f = fopen(path, "rb")
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        if n <= 0 { break }
        kept.append(contentsOf: buffer[0..<n])
    }
    fclose(f)
    keep = keep ?? "file"
}
if let keep, keep != "file" {
    let lines = corpus.bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    kept = Array(lines.filter { $0.contains(0x7B) == (keep == "json") }.joined(separator: [0x0A]))
}
let parts = slices(of: kept, sliceSize: 1_000_000)

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var redactor = LineRedactor(plan: .intercom)
var out: [UInt8] = []
out.reserveCapacity(2_000_000)
var all: [UInt8] = []
all.reserveCapacity(corpus.bytes.count * 2)
/// One pass over the corpus; profile with `--toggle-collect='*profiledPass*'` to leave out generation.
@inline(never)
@MainActor func profiledPass(keep: Bool) {
    for s in parts {
        out.removeAll(keepingCapacity: true)
        s.withUnsafeBytes { redactor.redactLines($0, into: &out) }
        if keep { all.append(contentsOf: out) }
    }
}

var best = Double.infinity
profiledPass(keep: true)
for _ in 0..<passes {
    let t0 = now()
    profiledPass(keep: false)
    best = min(best, now() - t0)
}
if keep != nil {
    print("\(mix.rawValue), \(keep!) lines only: \(kept.count) bytes, best of \(passes): "
          + "\(passes > 0 ? Int(Double(kept.count) / best / 1e6) : 0) MB/s; not checked")
    exit(0)
}
let failure = corpus.verify(all)
print("\(mix.rawValue): \(corpus.bytes.count) bytes, \(corpus.lineCount) lines, best of \(passes): "
      + "\(passes > 0 ? Int(Double(corpus.bytes.count) / best / 1e6) : 0) MB/s; \(corpus.check(all)); \(failure ?? "ok")")
if failure != nil { exit(1) }
