// zstd on the fly, in and out, with libzstd's streaming API and its recommended buffer sizes:
// never a whole frame in memory.

import CZstd
import Glibc

/// Decompresses a zstd stream (one or more frames, skippable frames included) read from
/// `inner`. Decoded bytes go straight into the caller's buffer.
public final class ZstdDecodingSource: ByteSource {
    private let inner: ByteSource
    public let name: String
    private let dctx: OpaquePointer
    private let inBuffer: UnsafeMutableRawBufferPointer
    private var inPosition = 0
    private var inCount = 0
    /// Compressed offset of `inBuffer[0]`.
    private var inBase = 0
    /// Compressed offset where the current frame started.
    private var frameStart = 0
    /// The last call filled the whole output: it may hold more decoded bytes.
    private var outputPending = false
    /// True between frames (nothing of a frame read yet, or the last one complete).
    private var atFrameBoundary = true
    private var innerEnded = false
    private var failed = false

    public init(inner: ByteSource, name: String) {
        self.inner = inner
        self.name = name
        self.dctx = ZSTD_createDCtx()!
        self.inBuffer = .allocate(byteCount: ZSTD_DStreamInSize(), alignment: 16)
    }

    deinit {
        ZSTD_freeDCtx(dctx)
        inBuffer.deallocate()
    }

    static let slice = 4096

    /// Compressed bytes consumed so far.
    public var compressedOffset: Int { inBase + inPosition }

    public func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        if failed { return .end }
        while true {
            if inPosition == inCount && !outputPending {
                if innerEnded {
                    if atFrameBoundary { return .end }
                    failed = true
                    return .failed(InputError(
                        input: name, kind: .truncated(offset: compressedOffset, frameOffset: frameStart)))
                }
                inBase += inCount
                inPosition = 0
                inCount = 0
                switch inner.read(into: inBuffer) {
                case .bytes(let n): inCount = n
                case .end: innerEnded = true; continue
                case .failed(let e): failed = true; return .failed(e)
                }
            }
            if atFrameBoundary && inPosition < inCount {
                frameStart = compressedOffset
            }
            // Feed at most a slice per call, so that when a block turns out to be damaged, the
            // offset where decoding stopped is known to within a slice.
            var input = ZSTD_inBuffer(
                src: UnsafeRawPointer(inBuffer.baseAddress!),
                size: min(inCount, inPosition + Self.slice), pos: inPosition)
            var output = ZSTD_outBuffer(dst: buffer.baseAddress!, size: buffer.count, pos: 0)
            let ret = ZSTD_decompressStream(dctx, &output, &input)
            if ZSTD_isError(ret) != 0 {
                failed = true
                let reason = String(cString: ZSTD_getErrorName(ret))
                return .failed(InputError(
                    input: name,
                    kind: .corrupt(offset: compressedOffset, frameOffset: frameStart, reason: reason)))
            }
            inPosition = input.pos
            outputPending = output.pos == output.size
            atFrameBoundary = ret == 0
            if output.pos > 0 { return .bytes(output.pos) }
        }
    }

    public func isReady() -> Bool { outputPending || inPosition < inCount || inner.isReady() }

    public func waitReady(timeoutMilliseconds: Int32) -> Bool {
        outputPending || inPosition < inCount || inner.waitReady(timeoutMilliseconds: timeoutMilliseconds)
    }
}

/// Compresses everything written into one zstd frame on `inner`. `flush()` makes every byte
/// written so far decodable by a reader of the output (ZSTD_e_flush); `finish()` ends the frame.
public final class ZstdEncodingSink: ByteSink {
    private let inner: ByteSink
    private let cctx: OpaquePointer
    private let outBuffer: UnsafeMutableRawBufferPointer
    private var outCount = 0
    private var finished = false
    /// Uncompressed bytes taken since the last flush.
    private var unflushed = 0

    /// `level` as for `zstd -N` (1...19, or negative for fast modes); 3 is zstd's default.
    public init(inner: ByteSink, level: Int32 = 3, checksum: Bool = true) {
        self.inner = inner
        self.cctx = ZSTD_createCCtx()!
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum ? 1 : 0)
        self.outBuffer = .allocate(byteCount: max(ZSTD_CStreamOutSize(), 256 << 10), alignment: 16)
    }

    deinit {
        ZSTD_freeCCtx(cctx)
        outBuffer.deallocate()
    }

    public static var levelRange: ClosedRange<Int32> { ZSTD_minCLevel()...ZSTD_maxCLevel() }

    private func drain() throws(IOError) {
        if outCount > 0 {
            let n = outCount
            outCount = 0
            try inner.write(UnsafeRawBufferPointer(rebasing: outBuffer[0..<n]))
        }
    }

    /// Runs the compressor over `bytes` with `directive` until it has taken all input and
    /// (for flush and end) has nothing left to emit.
    private func compress(_ bytes: UnsafeRawBufferPointer, _ directive: ZSTD_EndDirective) throws(IOError) {
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while true {
            var output = ZSTD_outBuffer(dst: outBuffer.baseAddress!, size: outBuffer.count, pos: outCount)
            let remaining = ZSTD_compressStream2(cctx, &output, &input, directive)
            if ZSTD_isError(remaining) != 0 {
                throw IOError(.write, code: EIO, role: .output, path: "zstd encoder")
            }
            outCount = output.pos
            if outCount == outBuffer.count { try drain() }
            let done = directive == ZSTD_e_continue ? input.pos == input.size : remaining == 0
            if done { return }
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
        precondition(!finished, "write after finish")
        if bytes.isEmpty { return }
        unflushed += bytes.count
        try compress(bytes, ZSTD_e_continue)
    }

    public func flush() throws(IOError) {
        if finished { return }
        if unflushed > 0 {
            unflushed = 0
            try compress(UnsafeRawBufferPointer(start: nil, count: 0), ZSTD_e_flush)
        }
        try drain()
        try inner.flush()
    }

    public func finish() throws(IOError) {
        if finished { return }
        finished = true
        try compress(UnsafeRawBufferPointer(start: nil, count: 0), ZSTD_e_end)
        try drain()
        try inner.finish()
    }
}
