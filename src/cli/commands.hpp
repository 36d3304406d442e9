// Subcommand entry points. argv[0] is the subcommand name.
#pragma once

namespace weir::cli {

int cmd_read(int argc, char** argv);       // cmd_read.cpp
int cmd_capture(int argc, char** argv);    // cmd_capture.cpp
int cmd_list(int argc, char** argv);       // cmd_list.cpp
int cmd_replay(int argc, char** argv);     // cmd_replay.cpp
int cmd_intercept(int argc, char** argv);  // cmd_intercept.cpp
int cmd_sample(int argc, char** argv);     // cmd_sample.cpp (writes data/sample.pcapng)

}  // namespace weir::cli
