#!/bin/bash
# Stand-in for the `docker` executable that Quarkus's Jib integration calls when it builds an image
# locally. Quarkus offers only two outputs: push to a registry, or `docker load` into a daemon. This
# script answers `docker load` by saving the image tarball Jib streams to it (docker-archive format,
# loadable later with `docker load -i`, `podman load -i`, or pushable with `skopeo copy`), so images
# build on machines without Docker. Use it with:
#   -Dquarkus.jib.docker-executable-name=$PWD/deploy/images/docker-load-to-tar.sh
# Tarballs go to $KINORA_IMAGE_DIR (default: target/images under the current directory).
set -euo pipefail
dir=${KINORA_IMAGE_DIR:-$PWD/target/images}
case "${1:-}" in
  load)
    mkdir -p "$dir"
    tmp=$(mktemp "$dir/.load.XXXXXX")
    cat > "$tmp"
    # Name the file after the image's first tag, read from the archive's manifest.
    tag=$(tar -xOf "$tmp" manifest.json | sed -n 's/.*"RepoTags":\["\([^"]*\)".*/\1/p')
    out="$dir/$(echo "${tag:-image}" | tr '/:' '__').tar"
    mv "$tmp" "$out"
    echo "Loaded image: ${tag:-unknown} (saved to $out)"
    ;;
  info)
    # Jib asks the daemon for its details first; an empty object makes it use its defaults.
    echo '{}'
    ;;
  *)
    echo "docker-load-to-tar.sh: only 'load' and 'info' are supported, got: $*" >&2
    exit 1
    ;;
esac
