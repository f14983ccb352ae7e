// libsodium, started once for the process: sodium_init must run before its other functions
// (it picks the fastest implementation of each for this CPU and opens the OS's CSPRNG).
#pragma once

namespace taizhang {

// Calls sodium_init the first time, from any thread; asserts that it succeeded.
void init_sodium();

}  // namespace taizhang
