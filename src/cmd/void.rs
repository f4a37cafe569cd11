//! `points void` (not built yet).

use crate::cmd::{Ctx, Fail, Result};

/// (not built yet)
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub rest: Vec<String>,
}

pub fn run(_ctx: &mut Ctx, _args: Args) -> Result {
    Err(Fail::Refused("`points void` is not built yet".into()))
}
