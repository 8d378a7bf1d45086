#!/bin/sh
# Builds the jar and the pipeline image, tags it and pushes it to the ECR repository of the CloudFormation stack.
# The image is made on the Dockerfile's default base, the public eclipse-temurin:17-jre-alpine (BASE_IMAGE).
#
#   docker/push.sh [STACK_NAME] [TAG]
#
# STACK_NAME defaults to ecommerce-kpi, TAG to the current git commit (the repository's tags are immutable, so a
# tag names one image forever). Region and credentials come from the aws CLI's usual configuration (AWS_REGION,
# AWS_PROFILE, ...). Prints the image URI to pass as the stack's ImageUri parameter.
set -eu

STACK_NAME="${1:-ecommerce-kpi}"
TAG="${2:-$(git rev-parse --short=12 HEAD)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

REPOSITORY_URI="$(aws cloudformation describe-stacks --stack-name "$STACK_NAME" \
    --query "Stacks[0].Outputs[?OutputKey=='RepositoryUri'].OutputValue" --output text)"
if [ -z "$REPOSITORY_URI" ] || [ "$REPOSITORY_URI" = "None" ]; then
    echo "push.sh: stack $STACK_NAME has no RepositoryUri output; deploy cfn/template.yaml first" >&2
    exit 2
fi
REGISTRY="${REPOSITORY_URI%%/*}"
IMAGE="$REPOSITORY_URI:$TAG"

# the Dockerfile packs the jar Maven builds (tests are the CI's job: mvn -B verify)
(cd "$ROOT" && mvn -B -q -DskipTests -pl batch-jobs -am package)
# Fargate tasks in the template run on X86_64
docker build --platform linux/amd64 -f "$ROOT/docker/Dockerfile" -t "ecommerce-kpi-pipeline:$TAG" "$ROOT"
docker tag "ecommerce-kpi-pipeline:$TAG" "$IMAGE"
aws ecr get-login-password | docker login --username AWS --password-stdin "$REGISTRY"
docker push "$IMAGE"

echo "$IMAGE"
