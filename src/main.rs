fn main() -> std::process::ExitCode {
    points::run()
}
