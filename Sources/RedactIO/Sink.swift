// Where redacted bytes go: a file descriptor, memory, or a zstd encoder in front of either.

import Glibc

/// A destination for the pipeline's output. Writes arrive in order, in large pieces.
public protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws(IOError)
    /// An idle point: push everything accepted so far to the reader of the output.
    func flush() throws(IOError)
    /// End of output (a compressor ends its frame). Nothing is written after this.
    func finish() throws(IOError)
}

/// Writes to a file descriptor with `writeAll`; no buffering of its own (the pipeline hands it
/// whole chunks).
public final class FileDescriptorSink: ByteSink {
    public let fd: Int32
    public let name: String
    private let closeWhenDone: Bool
    /// Total bytes written.
    public private(set) var bytesWritten = 0

    public init(fd: Int32, name: String, closeWhenDone: Bool = false) {
        self.fd = fd
        self.name = name
        self.closeWhenDone = closeWhenDone
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
        if bytes.isEmpty { return }
        if let e = Sys.writeAll(fd, bytes) {
            throw IOError(.write, code: e, role: .output, path: name)
        }
        bytesWritten += bytes.count
    }

    public func flush() throws(IOError) {}

    public func finish() throws(IOError) {
        if closeWhenDone {
            if Glibc.close(fd) != 0 && errno != EINTR {
                throw IOError(.close, code: errno, role: .output, path: name)
            }
        }
    }
}

/// Collects output in memory (tests, in-process use).
public final class MemorySink: ByteSink {
    public private(set) var bytes: [UInt8] = []
    public private(set) var flushCount = 0
    public private(set) var writeCount = 0
    public private(set) var finished = false

    public init() {}

    public func write(_ b: UnsafeRawBufferPointer) throws(IOError) {
        bytes.append(contentsOf: b)
        writeCount += 1
    }
    public func flush() throws(IOError) { flushCount += 1 }
    public func finish() throws(IOError) { finished = true }
}
