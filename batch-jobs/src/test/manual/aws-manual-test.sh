#!/usr/bin/env bash
# Manual test of the pipeline on AWS APIs with the real aws CLI: three files to S3, validate then transform for
# one run id, then a query of category_kpi_table. Against a local emulator (moto_server) it needs only:
#
#   moto_server -H 127.0.0.1 -p 5000 &
#   export AWS_ENDPOINT_URL=http://127.0.0.1:5000 AWS_DEFAULT_REGION=us-east-1 \
#          AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
#   mvn -B -q package -DskipTests
#   batch-jobs/src/test/manual/aws-manual-test.sh
#
# Against a real account, drop AWS_ENDPOINT_URL and PIPELINE_CREATE_TABLES and point BUCKET at the stack's bucket.
# ReadmeManualTestIT runs this very script against moto and checks the query's answer.
set -euo pipefail
cd "$(dirname "$0")/../../../.."

BUCKET=${BUCKET:-ecommerce-kpi-manual-test}
RUN_ID=${RUN_ID:-manual-test-1}
SAMPLE=batch-jobs/src/main/resources/sample/landing-data
export PIPELINE_BUCKET="s3://$BUCKET" PIPELINE_STORE=dynamodb
export PIPELINE_CREATE_TABLES=${PIPELINE_CREATE_TABLES:-true}   # an emulator starts without tables

aws s3 mb "s3://$BUCKET"
aws s3 cp "$SAMPLE/products.csv" "s3://$BUCKET/landing-data/products.csv"
aws s3 cp "$SAMPLE/orders/orders-001.csv" "s3://$BUCKET/landing-data/orders/orders-001.csv"
aws s3 cp "$SAMPLE/order_items/order_items-001.csv" "s3://$BUCKET/landing-data/order_items/order_items-001.csv"

java -jar batch-jobs/target/pipeline.jar validate --run-id "$RUN_ID"
java -jar batch-jobs/target/pipeline.jar transform --run-id "$RUN_ID"

aws dynamodb query --table-name category_kpi_table \
    --key-condition-expression "category = :cat AND order_date = :date" \
    --expression-attribute-values '{":cat": {"S": "Home & Kitchen"}, ":date": {"S": "2024-01-15"}}'
