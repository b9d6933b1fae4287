#include "store/hdf5_handle.h"

#include <hdf5.h>

#include <type_traits>

static_assert(std::is_same_v<::hid_t, interlens::store::hid_t> &&
                  std::is_same_v<::herr_t, interlens::store::herr_t>,
              "store/hdf5_handle.h spells HDF5's hid_t and herr_t without hdf5.h");
static_assert(H5I_INVALID_HID == interlens::store::kInvalidHid);

namespace interlens::store {

bool closeHandle(HandleKind kind, hid_t id, bool quietly)
{
    H5E_auto2_t func = nullptr;
    void* data = nullptr;
    if (quietly) {
        H5Eget_auto2(H5E_DEFAULT, &func, &data);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
    // In the order of HandleKind.
    static constexpr herr_t (*closers[])(hid_t) = {H5Fclose, H5Gclose, H5Dclose, H5Aclose,
                                                   H5Sclose, H5Tclose, H5Pclose};
    const herr_t status = closers[static_cast<int>(kind)](id);
    if (quietly)
        H5Eset_auto2(H5E_DEFAULT, func, data);
    return status >= 0;
}

ErrorSilencer::ErrorSilencer()
{
    // No HDF5 shutdown at process exit: every file we open is closed by RAII before that, and HDF5 1.10.8's
    // shutdown prints "infinite loop closing library" after it has met a damaged object header (it leaks
    // internal state on that path). Only effective before the library's first use, hence here.
    static const bool noAtExit = [] {
        H5dont_atexit();
        return true;
    }();
    (void)noAtExit;
    H5E_auto2_t func = nullptr;
    H5Eget_auto2(H5E_DEFAULT, &func, &m_data);
    m_func = reinterpret_cast<void (*)()>(func);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

ErrorSilencer::~ErrorSilencer()
{
    H5Eset_auto2(H5E_DEFAULT, reinterpret_cast<H5E_auto2_t>(m_func), m_data);
}

namespace {

herr_t collectDeepest(unsigned n, const H5E_error2_t* err, void* clientData)
{
    // The walk goes from the innermost call outwards; the innermost description says what actually went wrong
    // ("truncated file: eof = ...", "bad object header version number").
    auto* out = static_cast<std::string*>(clientData);
    if (n == 0 && err && err->desc)
        *out = err->desc;
    return 0;
}

} // namespace

std::string lastHdf5Error()
{
    std::string message;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collectDeepest, &message);
    return message;
}

hid_t check(hid_t id, const std::string& what)
{
    if (id < 0) {
        const std::string detail = lastHdf5Error();
        H5Eclear2(H5E_DEFAULT);
        throw Hdf5Failure(detail.empty() ? what : what + " (" + detail + ")");
    }
    return id;
}

void checkStatus(herr_t status, const std::string& what)
{
    if (status < 0)
        check(H5I_INVALID_HID, what);
}

} // namespace interlens::store

#if defined(__SANITIZE_ADDRESS__)
// HDF5 1.10.8 leaks a few hundred bytes when an object header fails its checksum (a damaged file); the
// bad-input tests provoke exactly that. Our own handles are checked separately (H5Fget_obj_count in the
// tests).
extern "C" const char* __lsan_default_suppressions()
{
    return "leak:libhdf5_serial.so\n";
}
#endif
