import Foundation
import Testing
import Redact
@testable import RedactIO

/// A redactor whose output shows every line boundary, every oversized piece and the carry state
/// at the start of each line, so any mistake of the pipeline (a line split or merged, a piece
/// out of order, a wrong carry) changes the output. The carry is the brace depth: `{` opens,
/// `}` closes, like a pretty-printed JSON document spread over lines.
struct FakeRedactor: ChunkRedactor {
    static var initialCarry: Int { 0 }
    var carry = 0
    var stats = RedactionStats()
    /// Like the engine: inside a record whose first pieces were redacted as oversized.
    var inOversized = false

    mutating func prepareForChunk(oversizedRecordOpen open: Bool) { inOversized = open }

    private mutating func emit(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        for b in bytes {
            if b == UInt8(ascii: "{") { carry += 1 }
            if b == UInt8(ascii: "}") { carry = max(0, carry - 1) }
            if b == UInt8(ascii: "x") {
                out.append(UInt8(ascii: "X"))
                stats.byKind["x", default: 0] += 1
            } else {
                out.append(b)
            }
        }
        stats.bytesIn += bytes.count
    }

    mutating func redactLines(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let before = out.count
        var i = 0
        while i < chunk.count {
            var j = i
            while j < chunk.count && chunk[j] != 0x0A { j += 1 }
            // The rest of an oversized record is marked, so a wrong state shows in the output.
            out.append(contentsOf: Array((inOversized ? "rest\(carry)|" : "\(carry)|").utf8))
            inOversized = false
            emit(UnsafeRawBufferPointer(rebasing: chunk[i..<j]), into: &out)
            if j < chunk.count {
                out.append(0x0A)
                stats.bytesIn += 1
            }
            stats.lines += 1
            i = j + 1
        }
        stats.bytesOut += out.count - before
    }

    mutating func redactOversizedPiece(_ piece: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let before = out.count
        if !inOversized {
            inOversized = true
            stats.oversizedRecords += 1
        }
        out.append(contentsOf: Array("<\(carry)>".utf8))
        emit(piece, into: &out)
        out.append(contentsOf: Array("</>".utf8))
        stats.byKind["piece", default: 0] += 1
        stats.bytesOut += out.count - before
    }

    /// After the last space, else the whole window.
    static func oversizedCut(_ buffer: UnsafeRawBufferPointer) -> Int {
        if let i = buffer.lastIndex(of: UInt8(ascii: " ")), i > 0 { return i + 1 }
        return buffer.count
    }
}

/// `FakeRedactor` with code run before and after each `redactLines` (tests of the pipeline's
/// threads: which thread redacts, how many at once).
struct HookedRedactor: ChunkRedactor {
    static var initialCarry: Int { 0 }
    var inner = FakeRedactor()
    let before: @Sendable () -> Void
    var after: @Sendable () -> Void = {}
    var carry: Int {
        get { inner.carry }
        set { inner.carry = newValue }
    }
    var stats: RedactionStats { inner.stats }
    mutating func prepareForChunk(oversizedRecordOpen open: Bool) { inner.prepareForChunk(oversizedRecordOpen: open) }
    mutating func redactLines(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        before()
        inner.redactLines(chunk, into: &out)
        after()
    }
    mutating func redactOversizedPiece(_ piece: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        inner.redactOversizedPiece(piece, into: &out)
    }
    static func oversizedCut(_ buffer: UnsafeRawBufferPointer) -> Int { FakeRedactor.oversizedCut(buffer) }
}

/// The naive oracle: the same redactor, one record at a time, cutting records that have no
/// newline within `maxRecordSize` bytes of their start.
func referenceRedact(_ input: [UInt8], maxRecordSize: Int) -> (output: [UInt8], oversized: Int) {
    let r = referenceRedact(input, maxRecordSize: maxRecordSize, FakeRedactor())
    return (r.output, r.oversized)
}

/// The same oracle for any chunk redactor, with its statistics.
func referenceRedact<R: ChunkRedactor>(
    _ input: [UInt8], maxRecordSize: Int, _ redactor: R
) -> (output: [UInt8], oversized: Int, stats: RedactionStats) {
    var r = redactor
    var out: [UInt8] = []
    var oversized = 0
    var inOversized = false
    input.withUnsafeBytes { buf in
        var p = 0
        while p < buf.count {
            let limit = min(p + maxRecordSize + 1, buf.count)
            if let nl = buf[p..<limit].firstIndex(of: 0x0A) {
                r.redactLines(UnsafeRawBufferPointer(rebasing: buf[p...nl]), into: &out)
                p = nl + 1
                inOversized = false
            } else if buf.count - p > maxRecordSize {
                let window = UnsafeRawBufferPointer(rebasing: buf[p..<(p + maxRecordSize)])
                let cut = R.oversizedCut(window)
                r.redactOversizedPiece(UnsafeRawBufferPointer(rebasing: buf[p..<(p + cut)]), into: &out)
                if !inOversized { oversized += 1; inOversized = true }
                p += cut
            } else {
                r.redactLines(UnsafeRawBufferPointer(rebasing: buf[p...]), into: &out)
                p = buf.count
            }
        }
    }
    return (out, oversized, r.stats)
}

/// Deterministic pseudo-random numbers (SplitMix64).
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Lines of every awkward kind: empty, CRLF, multi-line documents whose braces span lines,
/// lines longer than `longLine` with and without spaces, and no final newline.
func awkwardInput(seed: UInt64, lines: Int, longLine: Int) -> [UInt8] {
    var rng = SplitMix(state: seed)
    var out: [UInt8] = []
    let words = ["alpha", "x", "{", "}", "beta", "\"k\": {", "}", "xx", "gamma delta", "1234"]
    for i in 0..<lines {
        switch rng.below(10) {
        case 0: break  // empty line
        case 1:
            // long line, sometimes without any space (cut at the window end)
            let n = longLine + rng.below(longLine * 2)
            let spaced = rng.below(2) == 0
            for k in 0..<n { out.append(spaced && k % 7 == 6 ? 0x20 : UInt8(ascii: "a") + UInt8(k % 23)) }
        case 2:
            out.append(contentsOf: Array("{\r".utf8))
        default:
            let n = 1 + rng.below(6)
            for k in 0..<n {
                if k > 0 { out.append(0x20) }
                out.append(contentsOf: Array(words[rng.below(words.count)].utf8))
            }
        }
        if i % 13 == 5 { out.append(0x0D) }
        out.append(0x0A)
    }
    out.append(contentsOf: Array("tail without newline x".utf8))
    return out
}

/// A pipe (both descriptors).
struct Pipe2 {
    let read: Int32
    let write: Int32
    init() {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        read = fds[0]
        write = fds[1]
    }
}

/// Runs `body` on a new thread; `join()` waits for it.
final class Background: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    init(_ body: @escaping @Sendable () -> Void) {
        let t = Thread { [done] in
            body()
            done.signal()
        }
        t.start()
    }
    func join() { done.wait() }
    func join(timeoutSeconds: Double) -> Bool { done.wait(timeout: .now() + timeoutSeconds) == .success }
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Runs a pipeline with the fake redactor over memory.
func runFake(
    _ input: [UInt8], readSize: Int, chunkSize: Int, maxRecordSize: Int, threads: Int,
    inlineThreshold: Int = 0, inFlight: Int? = nil
) -> (output: [UInt8], pipeline: Pipeline<FakeRedactor>, sink: MemorySink) {
    var c = PipelineConfiguration(maxRecordSize: maxRecordSize)
    c.chunkSize = chunkSize
    c.threads = threads
    c.inlineThreshold = inlineThreshold
    c.chunksInFlight = inFlight
    c.alwaysSpeculate = true
    let p = Pipeline(configuration: c) { FakeRedactor() }
    let sink = MemorySink()
    try! p.run(source: MemorySource(input, maxReadSize: readSize), sink: sink)
    return (sink.bytes, p, sink)
}

/// Runs a pipeline with the real engine over memory (never inline; with `speculate`, every chunk
/// after the first starts from the initial carry).
func runEngine(
    _ plan: RedactionPlan, _ input: [UInt8], readSize: Int, chunkSize: Int, threads: Int, speculate: Bool
) throws -> (output: [UInt8], pipeline: Pipeline<LineRedactor>) {
    var c = PipelineConfiguration(maxRecordSize: plan.maxRecordSize)
    c.threads = threads
    c.chunkSize = chunkSize
    c.inlineThreshold = 0
    c.alwaysSpeculate = speculate
    let p = Pipeline(plan: plan, configuration: c)
    let out = MemorySink()
    try p.run(source: MemorySource(input, maxReadSize: readSize), sink: out)
    return (out.bytes, p)
}

/// Records an issue naming the first differing byte offset, without dumping whole buffers.
func expectSameBytes(
    _ actual: [UInt8], _ expected: [UInt8], _ note: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    if actual == expected { return }
    let common = zip(actual, expected).prefix { $0 == $1 }.count
    let a = String(decoding: actual[common..<min(actual.count, common + 60)], as: UTF8.self)
    let e = String(decoding: expected[common..<min(expected.count, common + 60)], as: UTF8.self)
    Issue.record(
        "\(note()): outputs differ at byte \(common) (lengths \(actual.count) vs \(expected.count)): got \(a.debugDescription), expected \(e.debugDescription)",
        sourceLocation: sourceLocation)
}
