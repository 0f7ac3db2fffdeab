#!/bin/bash
# Creates Kinora's topics in the compose broker, once. Mirrors dev.kinora.events.Topics.all():
# deploy-check compares every `create` line below with that list, so keep the format
# `create NAME PARTITIONS [key=value ...]`.
set -euo pipefail
BOOTSTRAP=${BOOTSTRAP:-kafka:19092}
WEEK=retention.ms=604800000
DAY=retention.ms=86400000
BIG=max.message.bytes=16777216

create() {
  local name=$1 partitions=$2; shift 2
  local configs=()
  for kv in "$@"; do configs+=(--config "$kv"); done
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 "${configs[@]}"
}

create video.requests 4 $WEEK
create video.cancellations 4 $WEEK
create video.progress 4 $DAY
create video.completed 4 $WEEK
create video.failed 4 $WEEK
create kinora.outcomes 4 $WEEK
create kinora.encode 4 $WEEK
create kinora.denoise 8 $DAY $BIG
create kinora.decode 4 $DAY $BIG
create kinora.store 4 $DAY $BIG
create kinora.encode.dlq 1 $DAY $BIG
create kinora.denoise.dlq 1 $DAY $BIG
create kinora.decode.dlq 1 $DAY $BIG
create kinora.store.dlq 1 $DAY $BIG
create kinora.jobs 4 cleanup.policy=compact
