// libFuzzer target: HDF5 study files as merge and a resumed run read them (load, then the checks of
// study_validate.h), and one prompt as the Study tab opens it.
#include "fuzz_support.h"

#include "common/error.h"
#include "study/study_file.h"
#include "study/study_validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = interlens::fuzz::writeScratch("study.h5", data, size);
    try {
        const interlens::Study study = interlens::loadStudy(path);
        interlens::validateStudy(study, path);
        if (!study.prompts.empty())
            (void)interlens::loadStudyPrompt(path, study.prompts.front().prompt.index);
    } catch (const interlens::InputError&) {
    }
    return 0;
}
