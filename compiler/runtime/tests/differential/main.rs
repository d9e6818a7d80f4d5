// Differential tests: thousands of generated inputs per test, each batch run once by Node.js
// and compared byte for byte with the crate. One test binary; one file per area.

mod format;
mod gen;
mod harness;
mod json;
mod num_text;
mod numbers;
mod objects;
mod operators;
mod response;
mod strings;
