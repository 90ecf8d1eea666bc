using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Sendai.Cbt.Storage.Responses;

/// <summary>
/// A read-only memory-mapped file exposed as <see cref="Memory{T}"/>, so that a large response batch is graded
/// without copying it into the managed heap: the pages are file-backed and the OS can drop them under pressure.
/// Files of 2 GiB or more cannot be one span and are refused (the caller reports it).
/// </summary>
internal sealed unsafe class MappedFile : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;

    private MappedFile(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        _file = file;
        _view = view;
        _length = length;
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _pointer = p + view.PointerOffset;
    }

    /// <summary>Maps <paramref name="path"/>; null when the file is empty (nothing to map).</summary>
    /// <exception cref="IOException">The file cannot be opened, or is 2 GiB or larger.</exception>
    public static MappedFile? Open(string path)
    {
        long length = new FileInfo(path).Length;
        if (length == 0) return null;
        if (length >= int.MaxValue) throw new IOException($"{path}: {length} bytes; response batches of 2 GiB or more must be split");
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new MappedFile(file, view, (int)length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin() { }

    protected override void Dispose(bool disposing)
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        if (disposing)
        {
            _view.Dispose();
            _file.Dispose();
        }
    }
}
