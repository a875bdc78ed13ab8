/**
 * How cdk-nag prints a value in a finding id: pseudo parameters in angle brackets when the environment is not
 * known at synth, the literal otherwise. Acknowledgements of wildcard resources must match that text exactly.
 */
import { type Stack, Token } from 'aws-cdk-lib';

export function nagPseudo(stack: Stack): { partition: string; account: string; region: string } {
  const shown = (value: string, name: string) => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);
  return {
    partition: shown(stack.partition, 'Partition'),
    account: shown(stack.account, 'AccountId'),
    region: shown(stack.region, 'Region'),
  };
}
