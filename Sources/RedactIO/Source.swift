// Where bytes come from: file descriptors, memory, a list of inputs read in order like `cat`,
// each decompressed on the fly when it starts with a zstd frame.

import Glibc

/// An input that could not be read. Says which input and where, never what it contained.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The input could not be opened (missing, unreadable, a directory).
        case open(errno: Int32)
        /// A read failed after the input was opened.
        case read(errno: Int32)
        /// Compressed data that does not decode. `offset` is the compressed byte offset where
        /// decoding stopped, `frameOffset` where the damaged frame starts; `reason` is zstd's
        /// generic error name.
        case corrupt(offset: Int, frameOffset: Int, reason: String)
        /// The compressed input ends in the middle of a frame, at compressed byte `offset`.
        case truncated(offset: Int, frameOffset: Int)
    }

    /// The input's name as given (`<stdin>` for standard input).
    public var input: String
    public var kind: Kind

    public init(input: String, kind: Kind) {
        self.input = input
        self.kind = kind
    }

    public var isCompressedDataError: Bool {
        switch kind {
        case .corrupt, .truncated: return true
        case .open, .read: return false
        }
    }

    public var description: String {
        switch kind {
        case .open(let e):
            return "\(input): \(String(cString: strerror(e)))"
        case .read(let e):
            return "\(input): read error: \(String(cString: strerror(e)))"
        case .corrupt(let offset, let frameOffset, let reason):
            return "\(input): corrupt zstd data at compressed byte offset \(offset) "
                + "(frame starting at byte \(frameOffset)): \(reason)"
        case .truncated(let offset, let frameOffset):
            return "\(input): truncated zstd frame: input ends at compressed byte offset \(offset) "
                + "inside the frame starting at byte \(frameOffset)"
        }
    }
}

/// What one read produced.
public enum ReadOutcome: Sendable, Equatable {
    /// This many bytes (at least 1) were stored at the start of the buffer.
    case bytes(Int)
    /// No more input, ever.
    case end
    /// An input failed. Input read so far is complete; a list of inputs continues with the next
    /// one on the following read.
    case failed(InputError)
}

/// A source of bytes for the pipeline.
public protocol ByteSource: AnyObject {
    /// Reads at most `buffer.count` (> 0) bytes. Blocks until at least one byte, the end, or an error.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome
    /// True when `read` would return without blocking (data, end or error is ready).
    func isReady() -> Bool
    /// Waits up to `timeoutMilliseconds` until `read` would not block; returns `isReady()`.
    func waitReady(timeoutMilliseconds: Int32) -> Bool
}

extension ByteSource {
    public func waitReady(timeoutMilliseconds: Int32) -> Bool { isReady() }
}

/// Reads a file descriptor. `maxReadSize` caps each read (tests use tiny sizes to exercise
/// every chunk boundary).
public final class FileDescriptorSource: ByteSource {
    public let fd: Int32
    public let name: String
    public let maxReadSize: Int
    private let closeWhenDone: Bool
    private var closed = false
    /// Asked when a read is interrupted by a signal: true ends the input there (used by
    /// signal handling that wants a blocked read to give up).
    public var interrupted: (() -> Bool)?
    private let regularFile: Bool

    public init(fd: Int32, name: String, maxReadSize: Int = .max, closeWhenDone: Bool = false) {
        self.fd = fd
        self.name = name
        self.maxReadSize = max(1, maxReadSize)
        self.closeWhenDone = closeWhenDone
        self.regularFile = Sys.isRegularFile(fd)
    }

    deinit { closeIfNeeded() }

    public func closeIfNeeded() {
        if closeWhenDone && !closed {
            closed = true
            Sys.close(fd)
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        if closed { return .end }
        let n = min(buffer.count, maxReadSize)
        let target = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n])
        let k = Sys.read(fd, into: target, interrupted: interrupted)
        if k > 0 { return .bytes(k) }
        if k == 0 { return .end }
        return .failed(InputError(input: name, kind: .read(errno: Int32(-k))))
    }

    public func isReady() -> Bool { regularFile || Sys.isReadable(fd) }

    public func waitReady(timeoutMilliseconds: Int32) -> Bool {
        regularFile || Sys.isReadable(fd, timeoutMilliseconds: timeoutMilliseconds)
    }
}

/// Serves bytes from memory, at most `maxReadSize` per read. For tests and in-process use.
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    public let maxReadSize: Int

    public init(_ bytes: [UInt8], maxReadSize: Int = .max) {
        self.bytes = bytes
        self.maxReadSize = max(1, maxReadSize)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        let n = min(buffer.count, maxReadSize, bytes.count - position)
        if n == 0 { return .end }
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + position, byteCount: n)
        }
        position += n
        return .bytes(n)
    }

    public func isReady() -> Bool { true }
}

/// Serves a few already-read bytes, then the rest of another source (used after sniffing the
/// first bytes of an input for a zstd magic number).
final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private var prefixPosition = 0
    let inner: ByteSource

    init(prefix: [UInt8], inner: ByteSource) {
        self.prefix = prefix
        self.inner = inner
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        if prefixPosition < prefix.count {
            let n = min(buffer.count, prefix.count - prefixPosition)
            for i in 0..<n { buffer[i] = prefix[prefixPosition + i] }
            prefixPosition += n
            return .bytes(n)
        }
        return inner.read(into: buffer)
    }

    func isReady() -> Bool { prefixPosition < prefix.count || inner.isReady() }

    func waitReady(timeoutMilliseconds: Int32) -> Bool {
        prefixPosition < prefix.count || inner.waitReady(timeoutMilliseconds: timeoutMilliseconds)
    }
}

/// Whether inputs that start with a zstd frame are decompressed.
public enum DecompressMode: String, Sendable, CaseIterable {
    case auto, never
}

/// Zstd frame detection on the first bytes of an input.
public enum ZstdMagic {
    /// `28 B5 2F FD`: a zstd frame.
    public static let frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    /// nil while `prefix` (fewer than 4 bytes) could still start a frame; otherwise whether
    /// the 4 bytes are a zstd frame or a skippable frame (`0x184D2A5?`, little-endian).
    static func classify(_ prefix: ArraySlice<UInt8>) -> Bool? {
        let p = Array(prefix)
        func couldBeFrame() -> Bool { zip(p, frame).allSatisfy { $0 == $1 } }
        func couldBeSkippable() -> Bool {
            for (i, b) in p.enumerated() {
                switch i {
                case 0: if b & 0xF0 != 0x50 { return false }
                case 1: if b != 0x2A { return false }
                case 2: if b != 0x4D { return false }
                case 3: if b != 0x18 { return false }
                default: break
                }
            }
            return true
        }
        let possible = couldBeFrame() || couldBeSkippable()
        if p.count >= 4 || !possible { return possible }
        return nil
    }

    /// True when `bytes` starts with a zstd frame or skippable frame magic number.
    public static func matches(_ bytes: some Collection<UInt8>) -> Bool {
        let p = Array(bytes.prefix(4))
        return p.count == 4 && classify(p[...]) == true
    }
}

/// How an input is named on the command line.
public enum InputSpec: Sendable, Equatable {
    case standardInput
    case path(String)

    /// `-` means standard input, as for `cat`.
    public init(argument: String) {
        self = argument == "-" ? .standardInput : .path(argument)
    }

    public var displayName: String {
        switch self {
        case .standardInput: return "<stdin>"
        case .path(let p): return p
        }
    }
}

/// The inputs of a run, read one after another as one stream (as `cat` joins them); each input
/// that starts with a zstd magic number is decompressed when `decompress` is `.auto`. An input
/// that cannot be opened or fails part way is reported as `.failed` and the list carries on
/// with the next input.
public final class InputList: ByteSource {
    public let inputs: [InputSpec]
    public let decompress: DecompressMode
    /// Caps each read from a file descriptor (tests); `.max` in production.
    public let maxReadSize: Int
    /// Called for each input as it is opened (its descriptor, and its size when a regular file).
    public var onOpen: ((InputSpec, Int32) -> Void)?
    /// Passed to each descriptor source (see `FileDescriptorSource.interrupted`).
    public var interrupted: (() -> Bool)?

    private var next = 0
    private var current: ByteSource?
    private var currentFD: FileDescriptorSource?
    private var stdinFD: Int32

    /// The input being read now.
    public private(set) var currentInput: InputSpec?

    public init(
        _ inputs: [InputSpec], decompress: DecompressMode = .auto, maxReadSize: Int = .max,
        standardInput: Int32 = 0
    ) {
        self.inputs = inputs.isEmpty ? [.standardInput] : inputs
        self.decompress = decompress
        self.maxReadSize = maxReadSize
        self.stdinFD = standardInput
    }

    deinit { currentFD?.closeIfNeeded() }

    public func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        while true {
            if let interrupted, interrupted() { return .end }
            if current == nil {
                if next >= inputs.count { return .end }
                let spec = inputs[next]
                next += 1
                switch open(spec) {
                case .failure(let e): return .failed(e)
                case .success(let s):
                    if let s { current = s } else { continue }
                }
            }
            let outcome = current!.read(into: buffer)
            switch outcome {
            case .bytes: return outcome
            case .end:
                closeCurrent()
                continue
            case .failed:
                closeCurrent()
                return outcome
            }
        }
    }

    private func closeCurrent() {
        currentFD?.closeIfNeeded()
        currentFD = nil
        current = nil
        currentInput = nil
    }

    /// Opens an input and sniffs its first bytes. `.success(nil)` for an empty input.
    private func open(_ spec: InputSpec) -> Result<ByteSource?, InputError> {
        let fd: Int32
        let closeIt: Bool
        switch spec {
        case .standardInput:
            fd = stdinFD
            closeIt = false
        case .path(let p):
            switch Sys.openForReading(p) {
            case .success(let d): fd = d
            case .failure(let e):
                return .failure(InputError(input: p, kind: .open(errno: e.code)))
            }
            closeIt = true
        }
        Sys.enlargePipe(fd)
        let fdSource = FileDescriptorSource(
            fd: fd, name: spec.displayName, maxReadSize: maxReadSize, closeWhenDone: closeIt)
        fdSource.interrupted = interrupted
        currentFD = fdSource
        currentInput = spec
        onOpen?(spec, fd)
        guard decompress == .auto else { return .success(fdSource) }

        // Sniff up to 4 bytes; decide as soon as the prefix can no longer be a magic number,
        // so an interactive line is never held back waiting for more bytes.
        var prefix: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4)
        while ZstdMagic.classify(prefix[...]) == nil {
            let outcome = chunk.withUnsafeMutableBytes { raw in
                fdSource.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<(4 - prefix.count)]))
            }
            switch outcome {
            case .bytes(let n): prefix += chunk[0..<n]
            case .end:
                if prefix.isEmpty {
                    closeCurrent()
                    return .success(nil)
                }
                return .success(PrefixedSource(prefix: prefix, inner: fdSource))
            case .failed(let e):
                closeCurrent()
                return .failure(e)
            }
        }
        let raw = PrefixedSource(prefix: prefix, inner: fdSource)
        if ZstdMagic.classify(prefix[...]) == true {
            return .success(ZstdDecodingSource(inner: raw, name: spec.displayName))
        }
        return .success(raw)
    }

    public func isReady() -> Bool { current?.isReady() ?? true }

    public func waitReady(timeoutMilliseconds: Int32) -> Bool {
        current?.waitReady(timeoutMilliseconds: timeoutMilliseconds) ?? true
    }
}
