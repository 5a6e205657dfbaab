// The pipeline that drives the engine: big reads into reusable buffers, chunks cut at the last
// newline, redacted in parallel (one worker and one redactor per core), written in order with
// few large writes, flushed as soon as the input goes idle. Memory is a fixed number of chunk
// buffers, whatever the input size.

import Glibc
import Redact
import Synchronization

/// What the pipeline needs from a redactor. `LineRedactor` is the real one; tests use fakes.
public protocol ChunkRedactor: SendableMetatype {
    /// What a chunk leaves open for the next one (the engine's `CarryState`).
    associatedtype Carry: Equatable & Sendable
    static var initialCarry: Carry { get }
    var carry: Carry { get set }
    var stats: RedactionStats { get }
    mutating func redactLines(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8])
    mutating func redactOversizedPiece(_ piece: UnsafeRawBufferPointer, into out: inout [UInt8])
    static func oversizedCut(_ buffer: UnsafeRawBufferPointer) -> Int
    /// Puts the redactor in the state it would be in had it redacted everything before the chunk
    /// it is about to get, as far as oversized records go: `open` when the chunk starts with the
    /// rest of a record whose first pieces went to `redactOversizedPiece` (in another chunk,
    /// perhaps on another thread). Called before `carry` is set; output and counts of the call
    /// are not part of the run.
    mutating func prepareForChunk(oversizedRecordOpen open: Bool)
    /// Whether a chunk starting with these bytes (whole lines) can depend on `carry`, the carry it
    /// starts from; when not, a chunk redacted speculatively from another carry is still right and
    /// is not redone.
    static func carryMatters(_ carry: Carry, forChunkStartingWith chunk: UnsafeRawBufferPointer) -> Bool
    /// Where the redaction of `chunk` (whole lines) stops depending on the carry it starts from,
    /// whatever that carry: the start of a later line from which the output and the carry at the
    /// end are the same from any carry, or nil.
    static func carryStopsMattering(in chunk: UnsafeRawBufferPointer) -> Int?
    /// Forgets the report line numbers recorded so far (counts stay), so that what is redacted
    /// next records its own first ones, whatever this redactor redacted before (another chunk, a
    /// chunk redone since, a partial line). Called before each chunk, redo and held-line redaction.
    mutating func forgetFindingLines()
}

extension ChunkRedactor {
    public static func carryMatters(_ carry: Carry, forChunkStartingWith chunk: UnsafeRawBufferPointer) -> Bool { true }
    public static func carryStopsMattering(in chunk: UnsafeRawBufferPointer) -> Int? { nil }
    public mutating func forgetFindingLines() {}
}

/// `prepareForChunk(oversizedRecordOpen:)` is in the engine (PartialLine.swift): `StreamRedactor`
/// needs it too.
extension LineRedactor: ChunkRedactor {
    public static var initialCarry: CarryState { .initial }
}

/// Tuning of a pipeline run. The defaults suit the CLI.
public struct PipelineConfiguration: Sendable {
    /// Longest record (line) handled whole; longer ones are cut into pieces of at most this size.
    public var maxRecordSize: Int
    /// Bytes per chunk handed to a worker. 512 KiB: a few milliseconds of work per hand-off, and
    /// the buffers of a two-thread run (6 chunks in and out) stay near 10 MiB, which keeps the
    /// whole process under 32 MiB with zstd on either side.
    public var chunkSize: Int = 512 << 10
    /// Redaction threads, the calling thread included: `threads - 1` workers, and the calling
    /// thread, which reads and writes, redacts a queued chunk itself whenever it would otherwise
    /// wait (for a free buffer, for the workers). 1 redacts on the calling thread only.
    public var threads: Int = Sys.processorCount()
    /// Chunks being redacted or waiting to be written at once (bounds memory). Default: one
    /// thread, 2; more, `threads + 3`: with only `threads + 1`, the worker found the queue empty
    /// whenever the calling thread was redacting a chunk itself and had not read the next one
    /// yet (idle 0.06 s of a 0.3 s two-thread run on 64 MB; two more chunks: idle under 0.005 s,
    /// 4-9% less wall time, same-run medians).
    public var chunksInFlight: Int? = nil
    /// A chunk smaller than this, with nothing else in flight, is redacted on the calling thread
    /// (tiny inputs, trickling streams: no thread hand-off, lowest latency).
    public var inlineThreshold: Int = 64 << 10
    /// Write out everything complete as soon as a read would block.
    public var flushWhenIdle: Bool = true
    /// When set, an idle pipeline waits for input in slices of this many milliseconds, calling
    /// `Pipeline.onIdle` and honouring `PipelineControl` requests between slices.
    public var idleSliceMilliseconds: Int32? = nil
    /// A partial line whose flush is requested is written only up to its last safe cut
    /// (`PartialFlushCut`); the rest waits for more of the line. When this many flush requests in
    /// a row find no new safe cut and no new byte, `partialMask` is written instead of the rest of
    /// the line, which is then dropped up to its newline: neither the held bytes nor what follows
    /// them (which may need them as context, like a JSON key or a phone word) are ever written
    /// raw. See `PartialLine`, which `StreamRedactor.flushPartial` shares.
    public var partialMaskAfterFlushes: Int = PartialLine.defaultMaskAfterFlushes
    /// What replaces bytes of a partial line that could not be written redacted.
    public var partialMask: [UInt8] = PartialLine.defaultMask
    /// Tests: start every parallel chunk from the initial carry, even when the right one is known.
    var alwaysSpeculate = false

    public init(maxRecordSize: Int = 1 << 20) {
        self.maxRecordSize = maxRecordSize
    }

    var inFlight: Int { max(1, chunksInFlight ?? (threads <= 1 ? 2 : threads + 3)) }
}

/// Requests to a running pipeline from other threads or signal handlers (async-signal-safe:
/// one atomic store).
public final class PipelineControl: Sendable {
    private let flags = Atomic<Int>(0)
    private static let stop = 1
    private static let flushPartial = 2

    public init() {}

    /// Stop reading; redact, write and flush everything read so far (partial last line
    /// included), then `run` returns.
    public func requestStop() { flags.bitwiseOr(Self.stop, ordering: .sequentiallyConsistent) }
    /// Write the partial last line now (a follow-mode timeout), as far as it can be written
    /// redacted: up to its last safe cut, or the mask (see `PartialLine`).
    public func requestPartialLineFlush() {
        flags.bitwiseOr(Self.flushPartial, ordering: .sequentiallyConsistent)
    }
    public var stopRequested: Bool { flags.load(ordering: .relaxed) & Self.stop != 0 }
    /// A partial-line flush was requested and the pipeline has not taken the request yet.
    public var partialLineFlushRequested: Bool { flags.load(ordering: .relaxed) & Self.flushPartial != 0 }

    func takePartialLineFlush() -> Bool {
        guard flags.load(ordering: .relaxed) & Self.flushPartial != 0 else { return false }
        return flags.bitwiseAnd(~Self.flushPartial, ordering: .sequentiallyConsistent).oldValue
            & Self.flushPartial != 0
    }
}

/// One chunk buffer with its output, reused for the whole run.
final class Slot<Carry>: @unchecked Sendable {
    struct Segment {
        var start: Int
        var end: Int
        var oversized: Bool
    }

    let input: UnsafeMutableRawBufferPointer
    var count = 0
    /// End of the last complete line in `input[0..<count]` (0: none).
    var lineEnd = 0
    var segments: [Segment] = []
    var output: [UInt8] = []
    var carryIn: Carry
    var carryOut: Carry
    /// The job starts with the rest of a record cut into pieces in an earlier job.
    var startsInOversizedRecord = false
    var stats = RedactionStats()
    var done = false
    /// Redacted from a speculative carry (`R.initialCarry` while earlier chunks were in flight):
    /// `process` then marks where the carry stops mattering (`split`), so that a wrong guess
    /// redoes only the lines before it.
    var speculative = false
    /// With a speculative carry: the chunk's first lines may depend on what came before it (the
    /// rest of a pretty-printed document) and from the line at `split.input` on nothing does
    /// (`ChunkRedactor.carryStopsMattering(in:)`), so the output from there on (from
    /// `split.output`) and the carry at the end do not depend on the carry the chunk starts from.
    /// nil: the whole chunk may depend on it.
    var split: (input: Int, output: Int)?
    /// The statistics of the lines before `split.input` / from there on.
    var headStats = RedactionStats()
    var restStats = RedactionStats()

    /// The output's usual capacity (a chunk's worth and an eighth).
    let outputCapacity: Int

    init(capacity: Int, outputCapacity: Int, carry: Carry) {
        input = .allocate(byteCount: capacity, alignment: 64)
        self.outputCapacity = outputCapacity
        output.reserveCapacity(outputCapacity)
        segments.reserveCapacity(8)
        carryIn = carry
        carryOut = carry
    }

    deinit { input.deallocate() }

    var jobBytes: Int { segments.reduce(0) { $0 + $1.end - $1.start } }
}

/// Chunks waiting for a worker.
final class WorkQueue<Carry>: @unchecked Sendable {
    let monitor = Monitor()
    var pending: [Slot<Carry>] = []
    var shutdown = false
    /// Time the workers spent redacting / waiting for a chunk (under `monitor`).
    var workerBusyNanoseconds: UInt64 = 0
    var workerIdleNanoseconds: UInt64 = 0
}

/// How a pipeline run spread its work over threads: what `--stats`, the JSON summary and the
/// metrics file report next to the redaction counts, to see why a run scales as it does. Counts
/// and times only.
public struct PipelineCounters: Sendable, Equatable {
    /// Redaction threads configured (the calling thread included).
    public var threads = 1
    /// Chunks (jobs of whole lines and pieces) redacted on the calling thread with nothing else in
    /// flight (one thread, small inputs, trickling streams).
    public var inlineChunks = 0
    /// Chunks redacted while others were in flight: by a worker, or by the calling thread when
    /// it had nothing else to do (`callerChunks`).
    public var parallelChunks = 0
    /// Of `parallelChunks`, those the calling thread redacted itself.
    public var callerChunks = 0
    /// Parallel chunks redacted from a speculative carry state that turned out wrong, so (part
    /// of) the chunk was redacted again, on the calling thread, in order.
    public var redoneChunks = 0
    /// Bytes redacted again by those redos.
    public var redoneBytes = 0
    /// The most input bytes of chunks in flight at once, and the largest chunk (input bytes):
    /// what bounds the buffers' memory.
    public var mostBytesInFlight = 0
    public var largestChunk = 0
    /// Time the calling thread spent redacting (inline, queued and redone chunks), redoing,
    /// and blocked waiting for a worker to finish the chunk due next.
    public var callerRedactSeconds = 0.0
    public var redoSeconds = 0.0
    public var callerWaitSeconds = 0.0
    /// Time the worker threads spent redacting, and waiting for a chunk (summed over workers).
    public var workerRedactSeconds = 0.0
    public var workerIdleSeconds = 0.0

    public init() {}

    /// Every chunk redacted once (redos not counted again).
    public var chunks: Int { inlineChunks + parallelChunks }
}

/// Drives a `ChunkRedactor` from a `ByteSource` to a `ByteSink`.
public final class Pipeline<R: ChunkRedactor> {
    public let configuration: PipelineConfiguration
    public let control: PipelineControl
    private let makeRedactor: @Sendable () -> R

    /// Called (on the calling thread) after an input failed, once everything before the
    /// failure has been written and flushed.
    public var onInputError: ((InputError) -> Void)?
    /// Called when the input goes idle (a read would block and everything complete is written),
    /// while idle between wait slices (see `idleSliceMilliseconds`), and after each write.
    public var onTick: (() -> Void)?
    /// Set by `onTick`'s owner for a timer that falls due before the next wait slice ends (a
    /// partial line's timeout): while idle, the next tick comes within this many milliseconds
    /// rather than `idleSliceMilliseconds`. nil: the slice.
    public var nextTickMilliseconds: Int32?

    /// Statistics of everything written so far.
    public private(set) var stats = RedactionStats()
    /// Input errors seen so far.
    public private(set) var inputErrors: [InputError] = []
    /// How the work was spread over threads so far (see `PipelineCounters`).
    public var counters: PipelineCounters {
        var c = own
        c.threads = max(1, configuration.threads)
        queue.monitor.withLock {
            c.workerRedactSeconds = Double(queue.workerBusyNanoseconds) / 1e9
            c.workerIdleSeconds = Double(queue.workerIdleNanoseconds) / 1e9
        }
        c.callerRedactSeconds = Double(callerRedactNanoseconds) / 1e9
        c.redoSeconds = Double(redoNanoseconds) / 1e9
        c.callerWaitSeconds = Double(callerWaitNanoseconds) / 1e9
        return c
    }
    private var own = PipelineCounters()
    private var callerRedactNanoseconds: UInt64 = 0
    private var redoNanoseconds: UInt64 = 0
    private var callerWaitNanoseconds: UInt64 = 0
    /// Chunks redone because the speculative carry state was wrong (`PipelineCounters`).
    public var redoneChunks: Int { own.redoneChunks }
    /// Chunks redacted while others were in flight (on a worker, or on the calling thread when
    /// every worker was busy) / on the calling thread with nothing else in flight.
    public var parallelChunks: Int { own.parallelChunks }
    public var inlineChunks: Int { own.inlineChunks }
    /// Of `parallelChunks`, those the calling thread took from the queue and redacted itself
    /// instead of waiting for the workers.
    public var callerChunks: Int { own.callerChunks }
    /// Records cut into pieces because they had no newline within `maxRecordSize` bytes.
    public private(set) var oversizedRecords = 0
    /// Bytes of a partial last line held back (waiting for its newline).
    public var pendingPartialBytes: Int {
        guard let current else { return 0 }
        guard let held else { return current.count }
        return max(0, current.count - held.start - held.line.emitted)
    }
    /// True while the pipeline waits because its input has nothing to read (not because it is busy
    /// writing): a partial-line timeout may only count this time, or a busy run would cut lines.
    public private(set) var inputIdle = false
    /// Bytes read from the source so far: a partial-line timeout starts again when input arrives.
    public private(set) var bytesRead = 0

    /// Partial lines flushed (in part) / replaced by the mask, see `PipelineConfiguration.partialMask`
    /// (also in `stats`).
    public var partialFlushes: Int { stats.partialFlushes }
    public var partialMasks: Int { stats.partialMasks }

    /// A partial line of which a part was written by a timed flush. It stays in the current buffer
    /// (from `start`) until its newline, so that the whole line is redacted once complete, in its
    /// full context; `line` (shared with `StreamRedactor`) says what to write then.
    private struct HeldLine {
        /// Offset of the line in the current slot.
        var start = 0
        var line = PartialLine()
        /// The state the line started in.
        var carryBefore: R.Carry
        var oversizedOpen: Bool
    }
    private var held: HeldLine?
    private var heldRedactor: R?
    private var heldScratch: [UInt8] = []

    private var inOversizedRecord = false
    private var lastCarry: R.Carry = R.initialCarry
    private var mainRedactor: R?
    private var redoScratch: [UInt8] = []
    private var free: [Slot<R.Carry>] = []
    private var inFlight: [Slot<R.Carry>] = []
    private var current: Slot<R.Carry>?
    private let queue = WorkQueue<R.Carry>()
    private var workers: [JoinableThread] = []
    private let capacity: Int
    /// Input bytes of the chunks in `inFlight`, and the most that a new chunk may join (as many
    /// ordinary chunks as `chunksInFlight` lets join).
    private var inFlightBytes = 0
    private var inFlightByteBudget: Int { (configuration.inFlight - 1) * configuration.chunkSize }

    public init(
        configuration: PipelineConfiguration, control: PipelineControl = PipelineControl(),
        makeRedactor: @escaping @Sendable () -> R
    ) {
        precondition(configuration.maxRecordSize > 0 && configuration.chunkSize > 0)
        self.configuration = configuration
        self.control = control
        self.makeRedactor = makeRedactor
        self.capacity = configuration.chunkSize + configuration.maxRecordSize
    }

    deinit { stopWorkers() }

    // MARK: - Running

    /// Reads `source` to its end, writing redacted output to `sink`, and finishes the sink.
    /// Input errors are reported through `onInputError` and `inputErrors`; the run continues
    /// with whatever the source serves next. Throws when the sink fails (the run stops there).
    @discardableResult
    public func run(source: ByteSource, sink: ByteSink) throws(IOError) -> RedactionStats {
        self.sink = sink
        defer {
            stopWorkers()
            self.sink = nil
        }
        let total = configuration.inFlight + 1
        while free.count < total {
            free.append(Slot(
                capacity: capacity, outputCapacity: configuration.chunkSize + configuration.chunkSize / 8,
                carry: R.initialCarry))
        }
        current = free.removeLast()
        current!.count = 0
        current!.lineEnd = 0
        var idle = false
        inputIdle = false

        while true {
            if control.stopRequested { break }
            if control.takePartialLineFlush() && pendingPartialBytes > 0 {
                try flushPartialLine(sink)
            }
            if idle, let slice = configuration.idleSliceMilliseconds {
                let wait = nextTickMilliseconds.map { max(0, min($0, slice)) } ?? slice
                if !source.waitReady(timeoutMilliseconds: wait) {
                    onTick?()
                    continue
                }
            }
            idle = false

            let slot = current!
            // Past a chunk's size (a line longer than what is left of the chunk), read on in
            // quarter chunks: the chunk goes as soon as its line ends, not with up to a whole
            // record more after it (less memory per chunk on long lines).
            let want = slot.count < configuration.chunkSize
                ? configuration.chunkSize - slot.count
                : min(capacity - slot.count, max(configuration.chunkSize / 4, 1))
            let target = UnsafeMutableRawBufferPointer(rebasing: slot.input[slot.count..<(slot.count + want)])
            switch source.read(into: target) {
            case .bytes(let n):
                let before = slot.count
                slot.count += n
                bytesRead &+= n
                if n > 0 { inputIdle = false }
                noteNewlines(slot, from: before)
                if slot.count >= configuration.chunkSize
                    && (slot.lineEnd > 0 || slot.count > configuration.maxRecordSize) {
                    try dispatch(includePartial: false)
                    try writeReady(sink: sink, blocking: false)
                }
                // Whatever filled the buffer, complete lines never wait for more input: when the
                // next read would block, everything complete goes out (a read that exactly filled
                // the chunk used to skip this, holding a chunk's lines until more input came).
                if configuration.flushWhenIdle && !source.isReady() {
                    if try flushWhileIdle(source, sink) {
                        idle = true
                        inputIdle = true
                        // The idle time starts now (a partial line's timeout counts from here).
                        onTick?()
                    }
                }
            case .end:
                return try finish(sink)
            case .failed(let error):
                try dispatch(includePartial: true)
                try drain(sink)
                try sink.flush()
                inputErrors.append(error)
                onInputError?(error)
            }
        }
        return try finish(sink)
    }

    private var sink: ByteSink?

    /// The input has nothing to read: dispatch the complete lines, write chunks as workers finish
    /// them, and flush the sink once nothing is in flight. Returns false, without flushing, as soon
    /// as input arrives while chunks are still being redacted, so a pipe that is only momentarily
    /// empty does not stall reading behind the workers (the pipeline keeps both cores busy).
    private func flushWhileIdle(_ source: ByteSource, _ sink: ByteSink) throws(IOError) -> Bool {
        try dispatch(includePartial: false)
        while true {
            try writeReady(sink: sink, blocking: false)
            guard let first = inFlight.first else { break }
            if source.isReady() { return false }
            if redactQueuedChunk() { continue }
            queue.monitor.withLock {
                if !first.done {
                    let t0 = Sys.monotonicNanoseconds()
                    queue.monitor.wait(nanoseconds: Self.idleCompletionCheckNanoseconds)
                    callerWaitNanoseconds &+= Sys.monotonicNanoseconds() &- t0
                }
            }
        }
        try sink.flush()
        return true
    }

    /// How often an idle pipeline waiting for its workers looks at the input again.
    static var idleCompletionCheckNanoseconds: Int { 1_000_000 }

    private func finish(_ sink: ByteSink) throws(IOError) -> RedactionStats {
        try dispatch(includePartial: true)
        try drain(sink)
        try sink.finish()
        return stats
    }

    // MARK: - Chunking

    /// Records where the last newline of the bytes just read is.
    @inline(__always)
    private func noteNewlines(_ slot: Slot<R.Carry>, from start: Int) {
        let base = slot.input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var i = slot.count
        while i > start {
            i -= 1
            if base[i] == 0x0A {
                slot.lineEnd = i + 1
                return
            }
        }
    }

    /// Turns the current buffer into a job: complete lines, and pieces of any record longer than
    /// `maxRecordSize` bytes before its newline (each cut from a window of exactly
    /// `maxRecordSize` bytes where the engine says, as `StreamRedactor` does); with
    /// `includePartial` (end of input, an input error, a requested flush) the partial last line
    /// too. What is left (at most `maxRecordSize` bytes, no newline) moves to the start of a
    /// fresh buffer. Cuts depend only on the bytes, never on how reads fell.
    private func dispatch(includePartial: Bool) throws(IOError) {
        let slot = current!
        let maxRecord = configuration.maxRecordSize
        slot.segments.removeAll(keepingCapacity: true)
        let count = slot.count
        var p = 0          // start of the record being examined
        var linesStart = 0 // start of the run of whole lines not yet in a segment
        if held != nil {
            guard let resume = try advanceHeldLine(slot, includePartial: includePartial) else {
                compactHeldLine(slot)
                return
            }
            p = resume
            linesStart = resume
        }
        slot.startsInOversizedRecord = inOversizedRecord
        while true {
            if count - p > maxRecord {
                // A record may hold at most maxRecord bytes before its newline.
                if let nl = Self.lastNewline(slot.input, p, p + maxRecord + 1) {
                    p = nl + 1
                    inOversizedRecord = false
                    continue
                }
                // No newline within maxRecordSize bytes: cut a piece off this record.
                if linesStart < p { slot.segments.append(.init(start: linesStart, end: p, oversized: false)) }
                let window = UnsafeRawBufferPointer(rebasing: slot.input[p..<(p + maxRecord)])
                let cut = min(max(R.oversizedCut(window), 1), maxRecord)
                slot.segments.append(.init(start: p, end: p + cut, oversized: true))
                if !inOversizedRecord {
                    oversizedRecords += 1
                    inOversizedRecord = true
                }
                p += cut
                linesStart = p
                continue
            }
            if let nl = Self.lastNewline(slot.input, p, count) {
                p = nl + 1
                inOversizedRecord = false
            }
            if includePartial {
                p = count
                inOversizedRecord = false
            }
            if linesStart < p { slot.segments.append(.init(start: linesStart, end: p, oversized: false)) }
            break
        }
        if slot.segments.isEmpty {
            if p > 0 {
                // Only bytes already written (a held line's completed part): drop them.
                let tail = count - p
                if tail > 0 { memmove(slot.input.baseAddress!, slot.input.baseAddress! + p, tail) }
                slot.count = tail
                slot.lineEnd = 0
            }
            return
        }

        let next = try acquireSlot()
        let tail = count - p
        if tail > 0 { memmove(next.input.baseAddress!, slot.input.baseAddress! + p, tail) }
        next.count = tail
        next.lineEnd = 0
        current = next
        try submit(slot)
    }

    /// Index of the last `\n` in `buffer[from..<to]`.
    @inline(__always)
    static func lastNewline(_ buffer: UnsafeMutableRawBufferPointer, _ from: Int, _ to: Int) -> Int? {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var i = to
        while i > from {
            i -= 1
            if base[i] == 0x0A { return i }
        }
        return nil
    }

    // MARK: - Partial lines

    /// A timed flush of the partial last line: complete lines first, then the partial line up to
    /// its last safe cut, redacted in the context of everything before it on its line.
    private func flushPartialLine(_ sink: ByteSink) throws(IOError) {
        try dispatch(includePartial: false)
        try drain(sink)
        let slot = current!
        if held == nil {
            guard slot.count > 0 else { return }
            held = HeldLine(carryBefore: lastCarry, oversizedOpen: inOversizedRecord)
        }
        if held!.line.masking {
            // What arrived since the mask was dropped by the dispatch above.
            try sink.flush()
            return
        }
        var h = held!
        let line = UnsafeRawBufferPointer(rebasing: slot.input[h.start..<slot.count])
        let (carry, open) = (h.carryBefore, h.oversizedOpen)
        let step = h.line.flush(line, maskAfterFlushes: configuration.partialMaskAfterFlushes) {
            redactHeld($0, carryBefore: carry, oversizedOpen: open)
        }
        switch step {
        case .write(let piece):
            // Counted when something was written (a removed field can make the new part empty).
            try write(piece, sink)
            if !piece.isEmpty { stats.partialFlushes += 1 }
        case .wait:
            break
        case .mask:
            try startMask(&h, lineCount: line.count, sink)
        }
        held = h
        try sink.flush()
    }

    /// Moves the held line to the start of its buffer, dropping what a mask covers, so the buffer
    /// never fills with bytes that are already written.
    private func compactHeldLine(_ slot: Slot<R.Carry>) {
        guard var h = held else { return }
        let keep = h.line.masking ? h.start + h.line.emitted : h.start
        if h.line.masking { h.line.emitted = 0 }
        h.start = 0
        held = h
        guard keep > 0 else { return }
        let tail = slot.count - keep
        if tail > 0 { memmove(slot.input.baseAddress!, slot.input.baseAddress! + keep, tail) }
        slot.count = tail
        slot.lineEnd = 0
    }

    /// Writes the mask for everything of the held line not written yet. The lines after it start
    /// from the initial carry, as after any line whose structure is unknown: the dropped rest may
    /// have opened or closed a JSON container (as in `StreamRedactor`).
    private func startMask(_ h: inout HeldLine, lineCount: Int, _ sink: ByteSink) throws(IOError) {
        lastCarry = R.initialCarry
        try write(configuration.partialMask[...], sink)
        let before = h.line.emitted
        var written = h.line.startMask(lineCount: lineCount)
        written.lines = 0  // the line is counted when its newline arrives
        stats.merge(written)
        stats.bytesIn += lineCount - before
        stats.bytesOut += configuration.partialMask.count
        stats.partialMasks += 1
    }

    /// Redacts `part` (the start of the held line) as a line of its own, from the held line's state.
    private func redactHeld(
        _ part: UnsafeRawBufferPointer, carryBefore: R.Carry, oversizedOpen: Bool
    ) -> ([UInt8], RedactionStats) {
        if heldRedactor == nil { heldRedactor = makeRedactor() }
        heldRedactor!.prepareForChunk(oversizedRecordOpen: oversizedOpen)
        heldRedactor!.carry = carryBefore
        heldRedactor!.forgetFindingLines()
        let before = heldRedactor!.stats
        heldScratch.removeAll(keepingCapacity: true)
        heldRedactor!.redactLines(part, into: &heldScratch)
        return (heldScratch, heldRedactor!.stats.ioDelta(since: before))
    }

    private func write(_ bytes: ArraySlice<UInt8>, _ sink: ByteSink) throws(IOError) {
        let error: IOError? = bytes.withUnsafeBytes { raw in
            do throws(IOError) {
                try sink.write(raw)
                return nil
            } catch {
                return error
            }
        }
        if let error { throw error }
    }

    /// Moves the held line on with the bytes now in `slot`: the rest of a masked line is dropped up
    /// to its newline; a line whose newline arrived (or the
    /// end of input, with `includePartial`) is redacted whole and what was not written yet is
    /// written; a line that outgrows the record size goes on as the rest of an oversized record
    /// cut where the flush cut it. Returns where ordinary chunking resumes, or nil while the line
    /// is still held.
    private func advanceHeldLine(_ slot: Slot<R.Carry>, includePartial: Bool) throws(IOError) -> Int? {
        let count = slot.count
        let sink = self.sink!
        while var h = held {
            let from = h.start + h.line.emitted
            let base = slot.input.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let newline: Int? = from < count ? memchr(base + from, 0x0A, count - from).map {
                UnsafeRawPointer($0) - UnsafeRawPointer(base)
            } : nil
            if h.line.masking {
                // The mask stands for the rest of the line: drop it up to the newline.
                if let newline {
                    try drain(sink)
                    try write([0x0A][...], sink)
                    stats.bytesIn += newline + 1 - from
                    stats.bytesOut += 1
                    stats.lines += 1
                    held = nil
                    inOversizedRecord = false
                    return newline + 1
                }
                stats.bytesIn += count - from
                if includePartial {
                    stats.lines += 1
                    held = nil
                    inOversizedRecord = false
                    return count
                }
                h.line.emitted = count - h.start
                held = h
                return nil
            }
            let end: Int
            if let newline, newline - h.start <= configuration.maxRecordSize {
                end = newline + 1
            } else if count - h.start > configuration.maxRecordSize {
                // Too long to hold: what was written stays cut where the flush cut it, the rest
                // goes on as the rest of an oversized record.
                var written = h.line.stats
                written.lines = 0  // the line is counted when its newline arrives
                if !inOversizedRecord && h.line.emitted > 0 {
                    // The written part is the record's first piece (the pieces that follow are
                    // redacted as the rest of an open record, which is not counted again).
                    oversizedRecords += 1
                    written.oversizedRecords = 1
                }
                stats.merge(written)
                if h.line.emitted > 0 { inOversizedRecord = true }
                held = nil
                return from
            } else if includePartial {
                end = count
            } else {
                return nil
            }
            // The line is complete: redact it whole, write what was not written yet.
            try drain(sink)
            let line = UnsafeRawBufferPointer(rebasing: slot.input[h.start..<end])
            let (out, delta) = redactHeld(line, carryBefore: h.carryBefore, oversizedOpen: h.oversizedOpen)
            if let rest = h.line.completion(out) {
                try write(rest, sink)
                stats.merge(delta)
            } else {
                try write(configuration.partialMask[...], sink)
                let newline = line.last == 0x0A ? 1 : 0
                if newline == 1 { try write([0x0A][...], sink) }
                var d = delta
                d.bytesOut = h.line.output.count + configuration.partialMask.count + newline
                d.partialMasks += 1
                stats.merge(d)
            }
            lastCarry = heldRedactor!.carry
            held = nil
            inOversizedRecord = false
            return end
        }
        return nil
    }

    // MARK: - Scheduling

    private func acquireSlot() throws(IOError) -> Slot<R.Carry> {
        // Chunks that long lines made bigger than usual count for more than one: their input and
        // output (up to twice as big, with a redaction per few bytes) would otherwise hold several
        // times the memory of ordinary chunks (1 MB lines of SSNs reached 46 MiB with two threads).
        while free.isEmpty || (!inFlight.isEmpty && inFlightBytes > inFlightByteBudget) {
            // Every buffer is in flight: help the workers, write what is done, else wait.
            if redactQueuedChunk() {
                try writeReady(sink: sink!, blocking: false)
            } else {
                try writeReady(sink: sink!, blocking: true, atMostOne: true)
            }
        }
        return free.removeLast()
    }

    private func submit(_ slot: Slot<R.Carry>) throws(IOError) {
        let sink = self.sink!
        let bytes = slot.jobBytes
        own.largestChunk = max(own.largestChunk, bytes)
        if configuration.threads <= 1
            || (inFlight.isEmpty && bytes < configuration.inlineThreshold)
        {
            slot.carryIn = lastCarry
            slot.speculative = false
            if mainRedactor == nil { mainRedactor = makeRedactor() }
            let t0 = Sys.monotonicNanoseconds()
            Self.process(slot, &mainRedactor!)
            callerRedactNanoseconds &+= Sys.monotonicNanoseconds() &- t0
            own.inlineChunks += 1
            try complete(slot, sink)
            return
        }
        startWorkers()
        slot.speculative = !inFlight.isEmpty || configuration.alwaysSpeculate
        slot.carryIn = slot.speculative ? R.initialCarry : lastCarry
        queue.monitor.withLock {
            slot.done = false
            queue.pending.append(slot)
            queue.monitor.broadcast()
        }
        inFlight.append(slot)
        inFlightBytes += bytes
        own.mostBytesInFlight = max(own.mostBytesInFlight, inFlightBytes)
        own.parallelChunks += 1
    }

    /// Instead of waiting for the workers, the calling thread redacts the oldest chunk none of them
    /// has taken yet, if any (queued chunks keep the workers busy meanwhile). Returns whether it did.
    private func redactQueuedChunk() -> Bool {
        let slot: Slot<R.Carry>? = queue.monitor.withLock {
            queue.pending.isEmpty ? nil : queue.pending.removeFirst()
        }
        guard let slot else { return false }
        if mainRedactor == nil { mainRedactor = makeRedactor() }
        let t0 = Sys.monotonicNanoseconds()
        Self.process(slot, &mainRedactor!)
        callerRedactNanoseconds &+= Sys.monotonicNanoseconds() &- t0
        queue.monitor.withLock { slot.done = true }
        own.callerChunks += 1
        return true
    }

    /// Writes finished chunks in order; with `blocking`, waits for them.
    private func writeReady(sink: ByteSink, blocking: Bool, atMostOne: Bool = false) throws(IOError) {
        while let first = inFlight.first {
            if blocking && !queue.monitor.withLock({ first.done }) && redactQueuedChunk() { continue }
            let done: Bool = queue.monitor.withLock {
                if blocking && !first.done {
                    let t0 = Sys.monotonicNanoseconds()
                    while !first.done { queue.monitor.wait() }
                    callerWaitNanoseconds &+= Sys.monotonicNanoseconds() &- t0
                }
                return first.done
            }
            if !done { return }
            inFlight.removeFirst()
            inFlightBytes -= first.jobBytes
            try complete(first, sink)
            if atMostOne { return }
        }
    }

    private func carryMatters(_ slot: Slot<R.Carry>) -> Bool {
        guard let first = slot.segments.first else { return false }
        if slot.startsInOversizedRecord || first.oversized { return true }
        return R.carryMatters(lastCarry, forChunkStartingWith: UnsafeRawBufferPointer(rebasing: slot.input[first.start..<first.end]))
    }

    private func drain(_ sink: ByteSink) throws(IOError) {
        try writeReady(sink: sink, blocking: true)
    }

    private func drain() throws(IOError) { try drain(sink!) }

    /// Checks the chunk's speculative carry, redoes it if it was wrong (only its lines before
    /// `split` when the carry stops mattering there), writes it, frees it.
    private func complete(_ slot: Slot<R.Carry>, _ sink: ByteSink) throws(IOError) {
        if slot.carryIn != lastCarry && carryMatters(slot) {
            slot.carryIn = lastCarry
            if mainRedactor == nil { mainRedactor = makeRedactor() }
            let t0 = Sys.monotonicNanoseconds()
            if let split = slot.split {
                redoHead(slot, upTo: split, &mainRedactor!)
                own.redoneBytes += split.input - slot.segments[0].start
            } else {
                Self.process(slot, &mainRedactor!)
                own.redoneBytes += slot.jobBytes
            }
            let spent = Sys.monotonicNanoseconds() &- t0
            redoNanoseconds &+= spent
            callerRedactNanoseconds &+= spent
            own.redoneChunks += 1
        }
        lastCarry = slot.carryOut
        stats.merge(slot.stats)
        free.append(slot)
        let error: IOError? = slot.output.withUnsafeBytes { raw in
            do throws(IOError) {
                try sink.write(raw)
                return nil
            } catch {
                return error
            }
        }
        if let error { throw error }
        if slot.output.capacity > 2 * slot.outputCapacity {
            slot.output = []
            slot.output.reserveCapacity(slot.outputCapacity)
        }
        // Likewise the input's far end, which only a chunk that ended in a long line reached: every
        // slot's whole capacity (a chunk and a record) stayed resident once long lines had come.
        if slot.count > configuration.chunkSize + configuration.chunkSize / 2 {
            Sys.discardPages(slot.input, from: configuration.chunkSize, to: slot.count)
        }
        onTick?()
    }

    static func process(_ slot: Slot<R.Carry>, _ redactor: inout R) {
        redactor.prepareForChunk(oversizedRecordOpen: slot.startsInOversizedRecord)
        redactor.carry = slot.carryIn
        // Line numbers per chunk (per part, with a split): the first ones of the run are those of
        // the first chunks, whichever redactor had them and whatever it had redacted before.
        redactor.forgetFindingLines()
        let before = redactor.stats
        slot.output.removeAll(keepingCapacity: true)
        slot.split = nil
        var splitAt: Int? = nil
        var mid = before
        if slot.speculative, !slot.startsInOversizedRecord, let first = slot.segments.first, !first.oversized {
            splitAt = carryStopsMattering(slot.input, first.start, first.end)
        }
        for (k, segment) in slot.segments.enumerated() {
            if k == 0, let h = splitAt {
                // The lines before `h` may depend on the carry; from `h` on nothing does.
                redactor.redactLines(UnsafeRawBufferPointer(rebasing: slot.input[segment.start..<h]), into: &slot.output)
                mid = redactor.stats
                slot.headStats = mid.ioDelta(since: before)
                slot.split = (h, slot.output.count)
                // A redo replaces the head, maybe with more line numbers: the rest records its own.
                redactor.forgetFindingLines()
                redactor.redactLines(UnsafeRawBufferPointer(rebasing: slot.input[h..<segment.end]), into: &slot.output)
                continue
            }
            let piece = UnsafeRawBufferPointer(rebasing: slot.input[segment.start..<segment.end])
            if segment.oversized {
                redactor.redactOversizedPiece(piece, into: &slot.output)
            } else {
                redactor.redactLines(piece, into: &slot.output)
            }
        }
        slot.carryOut = redactor.carry
        if slot.split != nil {
            slot.restStats = redactor.stats.ioDelta(since: mid)
            slot.stats = slot.headStats
            slot.stats.merge(slot.restStats)
        } else {
            slot.stats = redactor.stats.ioDelta(since: before)
        }
    }

    /// Lines examined for the end of a chunk's carry-dependent head before giving up (the whole
    /// chunk is then redone if its carry was wrong).
    static var splitSearchLimit: Int { 64 << 10 }

    /// In `buffer[start..<end]` (whole lines): the start of the first later line, within
    /// `splitSearchLimit` bytes, from which the redaction no longer depends on the carry, or nil.
    static func carryStopsMattering(_ buffer: UnsafeMutableRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        let searched = UnsafeRawBufferPointer(rebasing: buffer[start..<min(end, start + splitSearchLimit)])
        guard let split = R.carryStopsMattering(in: searched), split > 0, start + split < end else { return nil }
        return start + split
    }

    /// Redacts the chunk's lines before `split.input` again from `slot.carryIn` and puts their
    /// output in place of the speculative one; the rest of the output, its statistics and the
    /// carry at the end stay (they do not depend on the carry, see `split`).
    private func redoHead(_ slot: Slot<R.Carry>, upTo split: (input: Int, output: Int), _ redactor: inout R) {
        redactor.prepareForChunk(oversizedRecordOpen: false)
        redactor.carry = slot.carryIn
        redactor.forgetFindingLines()
        let before = redactor.stats
        redoScratch.removeAll(keepingCapacity: true)
        redactor.redactLines(
            UnsafeRawBufferPointer(rebasing: slot.input[slot.segments[0].start..<split.input]), into: &redoScratch)
        slot.headStats = redactor.stats.ioDelta(since: before)
        slot.output.replaceSubrange(0..<split.output, with: redoScratch)
        slot.split = (split.input, redoScratch.count)
        slot.stats = slot.headStats
        slot.stats.merge(slot.restStats)
    }

    // MARK: - Workers

    private func startWorkers() {
        guard workers.isEmpty else { return }
        let queue = self.queue
        let make = makeRedactor
        for _ in 0..<max(1, configuration.threads - 1) {
            workers.append(JoinableThread {
                var redactor = make()
                while true {
                    queue.monitor.lock()
                    if queue.pending.isEmpty && !queue.shutdown {
                        let t0 = Sys.monotonicNanoseconds()
                        while queue.pending.isEmpty && !queue.shutdown { queue.monitor.wait() }
                        queue.workerIdleNanoseconds &+= Sys.monotonicNanoseconds() &- t0
                    }
                    if queue.pending.isEmpty {
                        queue.monitor.unlock()
                        return
                    }
                    let slot = queue.pending.removeFirst()
                    queue.monitor.unlock()
                    let t0 = Sys.monotonicNanoseconds()
                    Pipeline.process(slot, &redactor)
                    let spent = Sys.monotonicNanoseconds() &- t0
                    queue.monitor.withLock {
                        slot.done = true
                        queue.workerBusyNanoseconds &+= spent
                        queue.monitor.broadcast()
                    }
                }
            })
        }
    }

    private func stopWorkers() {
        guard !workers.isEmpty else { return }
        queue.monitor.withLock {
            queue.shutdown = true
            queue.pending.removeAll()
            queue.monitor.broadcast()
        }
        for w in workers { w.join() }
        workers.removeAll()
        queue.monitor.withLock { queue.shutdown = false }
    }
}

extension Pipeline where R == LineRedactor {
    /// A pipeline running the engine with `plan` (its `maxRecordSize` sets the record limit).
    public convenience init(
        plan: RedactionPlan, configuration: PipelineConfiguration? = nil,
        control: PipelineControl = PipelineControl()
    ) {
        var c = configuration ?? PipelineConfiguration(maxRecordSize: plan.maxRecordSize)
        c.maxRecordSize = plan.maxRecordSize
        self.init(configuration: c, control: control) { LineRedactor(plan: plan) }
    }
}

extension RedactionStats {
    /// The counts added since `earlier` (a snapshot of the same, growing statistics).
    func ioDelta(since earlier: RedactionStats) -> RedactionStats {
        var d = RedactionStats()
        d.lines = lines - earlier.lines
        d.bytesIn = bytesIn - earlier.bytesIn
        d.bytesOut = bytesOut - earlier.bytesOut
        d.oversizedRecords = oversizedRecords - earlier.oversizedRecords
        d.limitMasks = limitMasks - earlier.limitMasks
        d.partialFlushes = partialFlushes - earlier.partialFlushes
        d.partialMasks = partialMasks - earlier.partialMasks
        for (k, v) in byKind {
            let n = v - (earlier.byKind[k] ?? 0)
            if n != 0 { d.byKind[k] = n }
        }
        for (k, v) in byField {
            let n = v - (earlier.byField[k] ?? 0)
            if n != 0 { d.byField[k] = n }
        }
        d.findings = findings(since: earlier)
        return d
    }
}
