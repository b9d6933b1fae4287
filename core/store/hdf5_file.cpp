#include "store/hdf5_file.h"

#include "common/disk_space.h"
#include "common/error.h"
#include "common/regular_file.h"

#include <hdf5.h>

#include <QFileInfo>

namespace interlens::store {

bool looksLikeHdf5(const std::string& path)
{
    try {
        checkRegularFile(path, UINT64_MAX, "an HDF5 file"); // H5Fis_hdf5 would block on a FIFO
    } catch (const InputError&) {
        return false;
    }
    const ErrorSilencer silence;
    return H5Fis_hdf5(path.c_str()) > 0;
}

FileHandle openHdf5(const std::string& path, bool writable)
{
    checkRegularFile(path, UINT64_MAX, "an HDF5 file"); // HDF5 itself would block forever on a FIFO
    const QFileInfo info(QString::fromStdString(path));
    if (!info.exists())
        throw InputError(fileMessage(path, "no such file"));
    if (info.isDir())
        throw InputError(fileMessage(path, "is a directory, expected an HDF5 file"));
    if (!info.isReadable())
        throw InputError(fileMessage(path, "cannot be read (permissions)"));
    if (info.size() == 0)
        throw InputError(fileMessage(path, "is empty, expected an HDF5 file"));
    const ErrorSilencer silence;
    const htri_t isHdf5 = H5Fis_hdf5(path.c_str());
    if (isHdf5 <= 0)
        throw InputError(
            fileMessage(path, "not an HDF5 file (no HDF5 signature; damaged or another format)"));
    const hid_t id = H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) {
        const std::string detail = lastHdf5Error();
        H5Eclear2(H5E_DEFAULT);
        throw InputError(fileMessage(path, "cannot open the HDF5 file, it is truncated or damaged" +
                                               (detail.empty() ? std::string() : " (" + detail + ")")));
    }
    return FileHandle(id);
}

FileHandle createHdf5(const std::string& path, const std::string& reportAs)
{
    const ErrorSilencer silence;
    PropertyHandle fapl(H5Pcreate(H5P_FILE_ACCESS));
    if (fapl.valid()) {
        // The 1.10 format: every metadata structure (object headers, chunk indexes, link and attribute heaps)
        // carries a checksum, so a damaged file is reported instead of read as garbage.
        H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_V110);
        // Closing the file fails while objects are still open: a writer that forgets a handle is caught here
        // instead of leaving a file whose last writes land after the rename.
        H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI);
    }
    const hid_t id =
        H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.valid() ? fapl.get() : H5P_DEFAULT);
    if (id < 0) {
        const std::string detail = lastHdf5Error();
        H5Eclear2(H5E_DEFAULT);
        throwWriteFailure(reportAs.empty() ? path : reportAs, "cannot create the file", detail);
    }
    return FileHandle(id);
}

void closeHdf5(FileHandle& file, const std::string& path)
{
    const ErrorSilencer silence;
    if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0 || !file.close()) {
        const std::string detail = lastHdf5Error();
        H5Eclear2(H5E_DEFAULT);
        throwWriteFailure(path, "cannot finish writing the file", detail);
    }
}

void throwWriteFailure(const std::string& path, const std::string& what, const std::string& detail)
{
    const std::string cause = writeFailureCause(path);
    if (!cause.empty())
        throw InputError(fileMessage(path, what + ": " + cause));
    throw InputError(fileMessage(path, detail.empty() ? what : what + ": " + detail));
}

} // namespace interlens::store
