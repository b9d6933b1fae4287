// Writes the seeds of the HDF5 fuzzers that the fixtures do not hold: a session (tests/store's fully
// populated one) and a study (tests/study's hand-made one), both written by the real writers. Usage:
// fuzz_seeds DIR
#include "handmade_study.h"
#include "store_test_util.h"

#include "store/session_file.h"
#include "study/study_file.h"

#include <cstdio>
#include <filesystem>

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_seeds DIR\n");
        return 2;
    }
    const std::filesystem::path dir(argv[1]);
    std::filesystem::create_directories(dir / "session");
    std::filesystem::create_directories(dir / "study");
    interlens::saveSession(interlens::test::makeSession(2), (dir / "session" / "two-players.h5").string());
    interlens::saveSession(interlens::test::makeSession(4), (dir / "session" / "four-players.h5").string());
    interlens::saveStudy(interlens::test::handmadeStudy(2), (dir / "study" / "complete.h5").string());
    interlens::saveStudy(interlens::test::handmadeStudy(5, 1, 2),
                         (dir / "study" / "shard-1-of-2.h5").string());
    return 0;
}
