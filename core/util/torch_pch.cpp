// Carrier for the shared precompiled LibTorch header.
